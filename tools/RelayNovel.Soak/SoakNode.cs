namespace RelayNovel.Soak;

/// <summary>One node the soak drives: its API client, an HTTP client for event streams, and what was measured through it.</summary>
public sealed class SoakNode(Uri url, int? pid, TimeSpan timeout, LatencyRecorder allTokens, LatencyRecorder allEvents) : IDisposable
{
    public Uri Url { get; } = url;

    public RoomApiClient Api { get; } = RoomApiClient.For(url, timeout);

    public HttpClient Streams { get; } = new() { BaseAddress = url, Timeout = Timeout.InfiniteTimeSpan };

    public LatencyRecorder Tokens { get; } = new(allTokens);

    public LatencyRecorder Events { get; } = new(allEvents);

    public MemorySampler Memory => _memory ??= new MemorySampler(Api.Http, pid);

    private MemorySampler? _memory;

    public void Dispose() => Streams.Dispose();
}
