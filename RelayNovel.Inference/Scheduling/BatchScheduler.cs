using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using RelayNovel.Inference.Checkpoints;
using RelayNovel.Inference.Generation;
using RelayNovel.Inference.Tokenization;

namespace RelayNovel.Inference.Scheduling;

/// <summary>
/// The continuous-batching engine: one loop owns the model's <see cref="IBatchDecoder"/> and, step by step, advances
/// every running sequence by one token in one model run. A request waits in a bounded line until rows are free;
/// it is admitted at a step boundary, its prompt prefilled in pieces between steps (running streams wait at most
/// one piece), and it leaves the batch the moment it finishes or is cancelled. Admission is fair: rooms first,
/// round-robin by key within a lane, so a room with many requests cannot starve a room with one; the open API
/// never takes the rows reserved for rooms. Sampling is per row, so a seed gives the same text alone or batched.
/// </summary>
public sealed partial class BatchScheduler : IDisposable
{
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _signal = new(0);
    private readonly BatchSchedulerOptions _options;
    private readonly ILogger _logger;
    private readonly WaitingLine _line = new();
    private readonly List<PrefillingRequest> _prefilling = [];
    private readonly List<RunningAlternative> _running = [];
    private int _paused;
    private readonly RowLedger _ledger;
    private bool _started;

    public BatchScheduler(BatchSchedulerOptions options, ILogger<BatchScheduler>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = logger ?? NullLogger<BatchScheduler>.Instance;
        _ledger = new RowLedger(options.MaxRows, options.RoomReservedRows);
    }

    /// <summary>Requests that may wait; one more is refused.</summary>
    public int Capacity => _options.WaitingCapacity;

    /// <summary>Requests waiting for rows (not counting running ones).</summary>
    public int Waiting
    {
        get
        {
            lock (_gate)
            {
                return _line.Count;
            }
        }
    }

    /// <summary>Rows taken by running requests (prefilling or decoding).</summary>
    public int RowsInUse => _ledger.InUse;

    /// <summary>Rows the engine decodes together (after the memory budget; known once it runs).</summary>
    public int Rows => _ledger.Rows;

    /// <summary>Model steps taken (each advances every running row by one token).</summary>
    public long Steps => Interlocked.Read(ref _steps);

    private long _steps;

    /// <summary>Tests: called on the engine's thread after each step, with the step count.</summary>
    internal Action<long>? StepObserver { get; set; }

    /// <summary>
    /// Admits a request, or returns false when <see cref="Capacity"/> requests already wait. Throws
    /// <see cref="ArgumentException"/> for a request that can never run (bad options, a prompt that leaves no room,
    /// more alternatives than its lane has rows).
    /// </summary>
    public bool TryEnqueue(GenerationRequest request, out BatchTicket ticket)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Key);
        ArgumentNullException.ThrowIfNull(request.PromptIds);
        if (request.Alternatives is not { Count: > 0 })
        {
            throw new ArgumentException("A request needs at least one alternative's options.", nameof(request));
        }

        foreach (var options in request.Alternatives)
        {
            options.Validate();
        }

        var laneRows = request.Lane == GenerationLane.Api ? _options.MaxRows - _options.RoomReservedRows : _options.MaxRows;
        if (request.Alternatives.Count > laneRows)
        {
            throw new ArgumentException($"{request.Alternatives.Count} alternatives need as many rows; this lane has {laneRows}.", nameof(request));
        }

        ticket = new BatchTicket(this, request, [.. request.PromptIds]);
        List<(BatchTicket, int)> moves;
        lock (_gate)
        {
            if (_line.Count >= Capacity)
            {
                return false;
            }

            _line.Add(ticket);
            moves = _line.Reposition();
        }

        var admitted = ticket;
        ticket.Registration = request.CancellationToken.Register(() => admitted.Cancel());
        Notify(moves);
        Wake();
        return true;
    }

    /// <summary>
    /// Runs the engine on <paramref name="generator"/>'s model until <paramref name="stoppingToken"/> fires, on a
    /// thread of its own (the loop is synchronous: one model run after another). Requests still running or waiting
    /// then end as cancelled.
    /// </summary>
    public Task RunAsync(Gpt2Generator generator, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var (rows, capacity) = Size(generator.KvBytesPerToken, generator.ContextLength);
        var decoder = generator.CreateBatchDecoder(rows, capacity);
        return RunAsync(decoder, generator.Tokenizer, generator.Config, generator.Provider, stoppingToken);
    }

    /// <summary>Runs the engine on a decoder it then owns (and disposes).</summary>
    internal Task RunAsync(IBatchDecoder decoder, HfTokenizer tokenizer, Gpt2Config config, string provider, CancellationToken stoppingToken)
    {
        lock (_gate)
        {
            if (_started)
            {
                decoder.Dispose();
                throw new InvalidOperationException("The engine runs once.");
            }

            _started = true;
            _ledger.Resize(decoder.MaxRows, Math.Min(_options.RoomReservedRows, Math.Max(0, decoder.MaxRows - 1)));
        }

        LogStarted(decoder.MaxRows, decoder.Capacity, _ledger.Reserved);
        return Task.Factory.StartNew(() =>
        {
            using (decoder)
            {
                var loop = new EngineLoop(this, decoder, tokenizer, config, provider);
                try
                {
                    loop.Run(stoppingToken);
                }
                finally
                {
                    loop.EndAll();
                }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>
    /// Rows and tokens per row that the memory budget allows: the whole context per row, fewer rows when
    /// <see cref="BatchSchedulerOptions.MaxRows"/> of them do not fit (two buffers each), a shorter row when not even one does.
    /// </summary>
    public (int Rows, int Capacity) Size(long kvBytesPerToken, int contextLength)
    {
        var budget = (long)_options.KvBudgetMb * 1024 * 1024;
        var perRow = 2 * kvBytesPerToken * contextLength;
        var rows = (int)Math.Min(_options.MaxRows, budget / perRow);
        if (rows >= 1)
        {
            return (rows, contextLength);
        }

        var capacity = (int)Math.Min(contextLength, budget / (2 * kvBytesPerToken));
        if (capacity < 2)
        {
            throw new ArgumentException($"The KV budget of {_options.KvBudgetMb} MiB holds less than two tokens of this model ({kvBytesPerToken} bytes each, two buffers).");
        }

        return (1, capacity);
    }

    /// <summary>
    /// Holds the loop at its next step boundary until the returned handle is disposed: requests wait in line (their
    /// positions reported) and running rows stand still. For tests that need a busy engine, and for maintenance.
    /// </summary>
    public IDisposable Pause()
    {
        Interlocked.Increment(ref _paused);
        return new PauseHandle(() =>
        {
            Interlocked.Decrement(ref _paused);
            Wake();
        });
    }

    public void Dispose() => _signal.Dispose();

    internal void Cancel(BatchTicket ticket)
    {
        List<(BatchTicket, int)> moves = [];
        var removed = false;
        lock (_gate)
        {
            if (_line.Remove(ticket))
            {
                removed = true;
                moves = _line.Reposition();
            }
        }

        if (removed)
        {
            ticket.Position = 0;
            ticket.EndAll();
        }

        Notify(moves);
        Wake();
    }

    private void Wake()
    {
        try
        {
            if (_signal.CurrentCount == 0)
            {
                _signal.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // Shut down: nothing to wake.
        }
    }

    /// <summary>The next request to start (see <see cref="WaitingLine.TakeNext"/>), its rows taken; none while paused.</summary>
    private BatchTicket? TakeNext(out List<(BatchTicket, int)> moves, out bool tooBig)
    {
        moves = [];
        tooBig = false;
        lock (_gate)
        {
            if (Volatile.Read(ref _paused) > 0 || _line.TakeNext(_ledger, out tooBig) is not { } ticket)
            {
                return null;
            }

            if (!tooBig)
            {
                _ledger.Take(ticket.Lane, ticket.Request.Alternatives.Count);
                ticket.IsRunning = true;
            }

            ticket.Position = 0;
            moves = _line.Reposition();
            return ticket;
        }
    }

    private void ReturnRows(BatchTicket ticket, int rows)
    {
        lock (_gate)
        {
            _ledger.Return(ticket.Lane, rows);
        }
    }

    /// <summary>Position callbacks run outside the lock: they take room locks of their own.</summary>
    private void Notify(List<(BatchTicket Ticket, int Position)> moves)
    {
        foreach (var (ticket, position) in moves)
        {
            Report(ticket, position);
        }
    }

    private void Report(BatchTicket ticket, int position)
    {
        try
        {
            ticket.Request.PositionChanged?.Invoke(position);
        }
        catch (Exception ex)
        {
            LogCallbackFailed(ex, ticket.Key);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Batch engine: {Rows} rows of {Capacity} tokens, {Reserved} reserved for rooms")]
    private partial void LogStarted(int rows, int capacity, int reserved);

    [LoggerMessage(Level = LogLevel.Error, Message = "Generation for {Key} failed")]
    private partial void LogFailed(Exception ex, string key);

    [LoggerMessage(Level = LogLevel.Error, Message = "A queue callback for {Key} failed")]
    private partial void LogCallbackFailed(Exception ex, string key);
}
