using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RelayNovel.Inference.Scheduling;

/// <summary>
/// One queue of generation requests for all rooms, served one at a time, fair across rooms: the next request is
/// taken round-robin by key (room), so a room with many requests cannot starve a room with one.
/// A bounded channel carries one wake-up per admitted request; it is the admission limit (a full queue refuses
/// new requests at once, so producers see backpressure) and what the consumer waits on. Which request runs
/// next is chosen from the per-room lines, not by channel order.
/// </summary>
public sealed partial class GenerationQueue
{
    private readonly Lock _gate = new();
    private readonly Channel<bool> _wakeups;
    private readonly Dictionary<string, Queue<GenerationTicket>> _lines = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _rotation = new();   // keys with waiting requests, next to serve first
    private readonly ILogger _logger;
    private int _waiting;

    public GenerationQueue(int capacity, ILogger<GenerationQueue>? logger = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _logger = logger ?? NullLogger<GenerationQueue>.Instance;
        _wakeups = Channel.CreateBounded<bool>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    public int Capacity { get; }

    /// <summary>Requests waiting (not counting the running one).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _waiting;
            }
        }
    }

    /// <summary>
    /// Admits a request, or returns false when <see cref="Capacity"/> requests are already waiting.
    /// <paramref name="positionChanged"/> is told the request's position (1 = next) whenever it changes, and 0 when it starts.
    /// </summary>
    public bool TryEnqueue(string key, Func<CancellationToken, Task> work, Action<int>? positionChanged, out GenerationTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(work);
        ticket = new GenerationTicket(this, key, work, positionChanged);
        List<(GenerationTicket, int)> moves;
        lock (_gate)
        {
            if (_waiting >= Capacity)
            {
                return false;
            }
            if (!_lines.TryGetValue(key, out var line))
            {
                line = new Queue<GenerationTicket>();
                _lines[key] = line;
                _rotation.AddLast(key);
            }
            line.Enqueue(ticket);
            _waiting++;
            // Can only fail while stale wake-ups of cancelled requests fill the channel; the consumer reads them
            // before it waits again, and each read serves whatever is waiting, so nothing is left behind.
            _wakeups.Writer.TryWrite(true);
            moves = Reposition();
        }
        Notify(moves);
        return true;
    }

    /// <summary>Serves requests until <paramref name="stoppingToken"/> fires; the one consumer (a hosted service) awaits this.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (await _wakeups.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            while (_wakeups.Reader.TryRead(out _))
            {
                var ticket = TakeNext(out var moves);
                Notify(moves);
                if (ticket is null)
                {
                    continue;
                }
                await RunOneAsync(ticket, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    internal void Cancel(GenerationTicket ticket)
    {
        List<(GenerationTicket, int)> moves = [];
        var removed = false;
        lock (_gate)
        {
            if (_lines.TryGetValue(ticket.Key, out var line) && line.Contains(ticket))
            {
                var kept = line.Where(t => !ReferenceEquals(t, ticket)).ToArray();
                line.Clear();
                foreach (var t in kept)
                {
                    line.Enqueue(t);
                }
                if (line.Count == 0)
                {
                    _lines.Remove(ticket.Key);
                    _rotation.Remove(ticket.Key);
                }
                _waiting--;
                removed = true;
                moves = Reposition();
            }
        }
        ticket.SignalCancel();
        if (removed)
        {
            ticket.Position = 0;
            ticket.Complete();
        }
        Notify(moves);
    }

    private async Task RunOneAsync(GenerationTicket ticket, CancellationToken stoppingToken)
    {
        try
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ticket.Token, stoppingToken);
            ticket.PositionChanged?.Invoke(0);
            await ticket.Work(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ticket.IsCancellationRequested || stoppingToken.IsCancellationRequested)
        {
            // Cancelled by its owner or by shutdown: the slot is simply free again.
        }
        catch (Exception ex)
        {
            LogWorkFailed(ex, ticket.Key);
        }
        finally
        {
            lock (_gate)
            {
                ticket.IsRunning = false;
            }
            ticket.Complete();
        }
    }

    private GenerationTicket? TakeNext(out List<(GenerationTicket, int)> moves)
    {
        lock (_gate)
        {
            moves = [];
            var node = _rotation.First;
            if (node is null)
            {
                return null;
            }
            var key = node.Value;
            var line = _lines[key];
            var ticket = line.Dequeue();
            _waiting--;
            _rotation.RemoveFirst();
            if (line.Count == 0)
            {
                _lines.Remove(key);
            }
            else
            {
                _rotation.AddLast(key);   // this room had its turn: it goes behind every other waiting room
            }
            ticket.IsRunning = true;
            ticket.Position = 0;
            moves = Reposition();
            return ticket;
        }
    }

    /// <summary>Recomputes every waiting request's position in round-robin order; returns those that moved.</summary>
    private List<(GenerationTicket Ticket, int Position)> Reposition()
    {
        var moves = new List<(GenerationTicket, int)>();
        var lines = _rotation.Select(k => _lines[k].ToArray()).ToArray();
        var position = 0;
        for (var round = 0; ; round++)
        {
            var any = false;
            foreach (var line in lines)
            {
                if (round >= line.Length)
                {
                    continue;
                }
                any = true;
                position++;
                if (line[round].Position != position)
                {
                    line[round].Position = position;
                    moves.Add((line[round], position));
                }
            }
            if (!any)
            {
                break;
            }
        }
        return moves;
    }

    /// <summary>Position callbacks run outside the lock: they take room locks of their own.</summary>
    private void Notify(List<(GenerationTicket Ticket, int Position)> moves)
    {
        foreach (var (ticket, position) in moves)
        {
            try
            {
                ticket.PositionChanged?.Invoke(position);
            }
            catch (Exception ex)
            {
                LogWorkFailed(ex, ticket.Key);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Generation for {Key} failed")]
    private partial void LogWorkFailed(Exception ex, string key);
}
