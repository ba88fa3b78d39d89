namespace RelayNovel.Tests.Browser;

/// <summary>
/// Browser tests run on their own, after the parallel part of the suite: on two cores a Chromium page next to
/// busy test collections can miss its deadlines (a circuit-bound click waits for a starved server).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
