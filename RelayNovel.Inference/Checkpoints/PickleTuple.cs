namespace RelayNovel.Inference.Checkpoints;

// One of the only kinds of object the restricted unpickler creates; none of them can run code.
/// <summary>A Python tuple.</summary>
internal sealed record PickleTuple(object?[] Items);
