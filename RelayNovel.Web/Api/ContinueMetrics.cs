using System.Diagnostics.Metrics;

namespace RelayNovel.Web.Api;

/// <summary>
/// Counters of <c>/api/continue</c> (meter "RelayNovel.Api"): tokens as they are generated, per finished generation
/// its token count tagged with how it ended (a client that left shows up as "Cancelled"), and clients that left.
/// </summary>
public sealed class ContinueMetrics
{
    public const string MeterName = "RelayNovel.Api";

    private readonly Counter<long> _tokens;
    private readonly Histogram<int> _generations;
    private readonly Counter<long> _left;

    public ContinueMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _tokens = meter.CreateCounter<long>("relaynovel.continue.tokens", "{token}", "Tokens generated for /api/continue.");
        _generations = meter.CreateHistogram<int>("relaynovel.continue.generation.tokens", "{token}",
            "Tokens of each finished /api/continue generation, tagged with its finish reason.");
        _left = meter.CreateCounter<long>("relaynovel.continue.client_left", "{request}",
            "/api/continue requests whose client disconnected before the answer was complete (their generation is cancelled).");
    }

    public void Generated(int tokens) => _tokens.Add(tokens);

    /// <summary>Recorded when the request ends, after its generation was told to stop.</summary>
    public void ClientLeft() => _left.Add(1);

    public void Finished(int tokens, string finishReason) =>
        _generations.Record(tokens, new KeyValuePair<string, object?>("finish", finishReason));
}
