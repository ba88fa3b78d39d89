namespace RelayNovel.Inference.Checkpoints;

// One of the only kinds of object the restricted unpickler creates; none of them can run code.
/// <summary>A Python dict or collections.OrderedDict, insertion-ordered.</summary>
internal sealed class PickleDict
{
    public List<KeyValuePair<object?, object?>> Items { get; } = [];
}
