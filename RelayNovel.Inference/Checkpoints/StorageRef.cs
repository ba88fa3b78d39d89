namespace RelayNovel.Inference.Checkpoints;

// One of the only kinds of object the restricted unpickler creates; none of them can run code.
/// <summary>A typed storage named by a persistent id: its bytes live in the zip entry data/{Key}.</summary>
internal sealed record StorageRef(string Dtype, string Key, long ElementCount);
