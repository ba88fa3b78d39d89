using System.Diagnostics;
using RelayNovel.Inference.Generation;

namespace RelayNovel.Inference.Scheduling;

/// <summary>One alternative decoding in one row: the token to feed next and its sampling state.</summary>
internal sealed class RunningAlternative(BatchTicket ticket, int alternative, int row, GenerationRun run, Stopwatch clock)
{
    public BatchTicket Ticket { get; } = ticket;

    public int Alternative { get; } = alternative;

    public int Row { get; } = row;

    public GenerationRun Run { get; } = run;

    public Stopwatch Clock { get; } = clock;

    public int Next { get; set; }
}
