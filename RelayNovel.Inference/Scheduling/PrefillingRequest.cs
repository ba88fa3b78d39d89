using System.Diagnostics;

namespace RelayNovel.Inference.Scheduling;

/// <summary>A request whose prompt is being prefilled, a piece per loop turn, into its first row.</summary>
internal sealed class PrefillingRequest(BatchTicket ticket, int[] rows)
{
    public BatchTicket Ticket { get; } = ticket;

    public int[] Rows { get; } = rows;

    public int Done { get; set; }

    public Stopwatch Clock { get; } = Stopwatch.StartNew();
}
