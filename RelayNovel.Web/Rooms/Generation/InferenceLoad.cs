namespace RelayNovel.Web.Rooms.Generation;

/// <summary>Inference streams this node serves for rooms of the cluster now (the metrics' gauge).</summary>
public sealed class InferenceLoad
{
    private int _streams;

    public int Streams => Volatile.Read(ref _streams);

    internal void Started() => Interlocked.Increment(ref _streams);

    internal void Ended() => Interlocked.Decrement(ref _streams);
}
