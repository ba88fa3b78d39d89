using System.Diagnostics.Metrics;
using RelayNovel.Inference.Scheduling;

namespace RelayNovel.Web.Hosting;

/// <summary>
/// The app's own gauges, read from the live state at each scrape of /metrics (nothing is counted twice).
/// Tokens and time to first token come from <see cref="Inference.Generation.GenerationMetrics"/>.
/// </summary>
public sealed class RelayNovelMetrics
{
    public const string MeterName = "RelayNovel";

    public RelayNovelMetrics(IMeterFactory meters, BatchScheduler queue, CircuitActivity circuits,
        Rooms.Generation.InferenceLoad inference, Rooms.Grains.HostedRooms hosted)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("relaynovel.rooms.hosted", () => hosted.Count,
            unit: "{room}", description: "Rooms whose grain (their one owner in the cluster) is active on this node.");
        meter.CreateObservableGauge("relaynovel.rooms.active", () => circuits.ActiveRooms,
            unit: "{room}", description: "Rooms with at least one open room page whose browser is connected (not replay or reading views, not unknown ids).");
        meter.CreateObservableGauge("relaynovel.circuits.connected", () => circuits.Connected,
            unit: "{circuit}", description: "Blazor circuits with a live connection.");
        meter.CreateObservableGauge("relaynovel.queue.length", () => queue.Waiting,
            unit: "{request}", description: "AI requests waiting for rows of the batch engine (not counting running ones).");
        meter.CreateObservableGauge("relaynovel.queue.capacity", () => queue.Capacity,
            unit: "{request}", description: "AI requests the queue admits before rooms wait for a free slot.");
        meter.CreateObservableGauge("relaynovel.engine.rows_in_use", () => queue.RowsInUse,
            unit: "{row}", description: "Sequences the batch engine is prefilling or decoding now.");
        meter.CreateObservableGauge("relaynovel.engine.rows", () => queue.Rows,
            unit: "{row}", description: "Sequences the batch engine decodes together at most.");
        meter.CreateObservableGauge("relaynovel.inference.streams", () => inference.Streams,
            unit: "{request}", description: "AI requests of the cluster's rooms this node's engine serves now (waiting or running; an inference or all node).");
    }
}
