namespace RelayNovel.Tests.Faults;

/// <summary>
/// Tests that start the app as its own process and kill it: they run alone so a busy neighbour on two cores
/// does not decide where the kill lands.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FaultsCollection
{
    public const string Name = "Faults";
}
