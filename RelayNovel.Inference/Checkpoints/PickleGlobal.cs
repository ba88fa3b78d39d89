namespace RelayNovel.Inference.Checkpoints;

// One of the only kinds of object the restricted unpickler creates; none of them can run code.
/// <summary>An allowed Python global (module.name), held as a name only: nothing is imported or called.</summary>
internal sealed record PickleGlobal(string Module, string Name)
{
    public string FullName => $"{Module}.{Name}";
}
