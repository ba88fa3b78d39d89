using Microsoft.Extensions.Options;
using Orleans.Placement;
using RelayNovel.Web.Hosting;
using RelayNovel.Web.Replay;
using RelayNovel.Web.Rooms.Feeds;
using RelayNovel.Web.Rooms.Generation;
using RelayNovel.Web.Rooms.Machine;
using RelayNovel.Web.Stories;

namespace RelayNovel.Web.Rooms.Grains;

/// <summary>
/// One room's owner. On activation it loads the room from the <see cref="IStoryStore"/>; each call applies the rules
/// (<see cref="RoomMachine"/>), saves the change against the version it holds with the events numbered and appended
/// in the same change, then pushes the events to the nodes that follow the room, then runs the effects (prompt fitting and
/// generation through <see cref="IGenerationEngine"/>, whose answers come back as calls). The room's clock is a grain
/// timer. The runtime takes one call at a time, so nothing here locks. A failed save leaves the activation: the
/// next call loads the room from the store again, as a new activation after a crash or a move does; a turn the AI was
/// writing then is written again by the rules, and nothing the store acknowledged is lost.
/// A room activates on the node that first asks for it (the creator's node, or the node of the first page after a
/// move): with sticky sessions that is where its people are, so most of its events never leave the node.
/// </summary>
[PreferLocalPlacement]
public sealed partial class RoomGrain(IStoryStore store, RoomMachine machine, IGenerationEngine engine, RoomEventCodec codec,
    HostedRooms hosted, IOptions<RelayNovelOptions> options, ILogger<RoomGrain> logger) : Grain, IRoomGrain
{
    /// <summary>How long a node's follow lasts without being renewed (nodes renew well within it; a node gone stops renewing).</summary>
    public static readonly TimeSpan FollowerLease = TimeSpan.FromMinutes(1);

    private const string NotFoundMessage = "There is no room with this link. Check the address or ask for a new invite.";

    private readonly Guid _activation = Guid.NewGuid();
    private RoomState? _state;
    private long _version;
    private long _lastSeq;
    private bool _broken;
    private GrainGenerations _generations = null!;
    private IGrainTimer? _clock;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var self = this.AsReference<IRoomGrain>();
        _generations = new GrainGenerations(Id, engine, command => self.Deliver(_activation, command), logger);
        if (await store.LoadAsync(Id, cancellationToken) is { } stored)
        {
            Adopt(machine.Load(stored.Room, stored.Turns), stored.Version, stored.LastEventSeq);
            RoomGrainLog.Loaded(logger, Id, stored.Turns.Count, stored.Version);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _clock?.Dispose();
        if (_state is not null)
        {
            hosted.Left();
        }
        if (_state is not null && !_broken)
        {
            try
            {
                await ApplyAsync(new FlushDraft(), await ContextAsync());   // keep the last second of typing
            }
            catch (Exception ex)
            {
                RoomGrainLog.FlushFailed(logger, ex, Id);
            }
        }
        _generations.CancelAll();
    }

    public async Task<RoomCallResult> Create(RoomCommand command, long storeAdding)
    {
        if (_state is not null)
        {
            throw new InvalidOperationException($"Room {Id} already exists.");
        }
        try
        {
            var state = machine.Create(command, await ContextAsync(storeAdding));
            await store.CreateAsync(state.Doc, state.Records);
            Adopt(state, version: 1, lastSeq: 0);
            return new RoomCallResult(null);
        }
        catch (RoomException ex)
        {
            return RoomCallResult.Refused(ex);
        }
    }

    public async Task<RoomCallResult> Run(RoomCommand command, bool storeQuota)
    {
        try
        {
            var outcome = await ApplyAsync(command, await ContextAsync(storeQuota ? 0 : null));
            return new RoomCallResult(outcome.Reply);
        }
        catch (RoomException ex)
        {
            return RoomCallResult.Refused(ex);
        }
    }

    public async Task<RoomSnapshot?> Snapshot(string? viewerKey, string? ownerKey) => Known() is { } state
        ? machine.Snapshot(state, await ContextAsync(), engine.Load, viewerKey, ownerKey) with { Seq = _lastSeq }
        : null;

    public async Task<RoomHistory?> History() =>
        await Snapshot(null, null) is { } snapshot ? new RoomHistory(snapshot, [.. _state!.Records]) : null;

    public Task<Participant?> Identify(string participantKey) =>
        Task.FromResult(Known() is { } state ? RoomMachine.Identify(state, participantKey) : null);

    public Task<bool> IsOwner(string ownerKey) => Task.FromResult(Known() is { } state && RoomMachine.IsOwner(state, ownerKey));

    public Task<RoomCallResult> PromptText(string ownerKey)
    {
        try
        {
            return Task.FromResult(new RoomCallResult(null) { Text = RoomMachine.PromptText(Require(), ownerKey) });
        }
        catch (RoomException ex)
        {
            return Task.FromResult(RoomCallResult.Refused(ex));
        }
    }

    public Task<int> DraftLimit() => Task.FromResult(Known() is { } state ? RoomMachine.DraftCap(state) : 0);

    public async Task Deliver(Guid activation, RoomCommand command)
    {
        if (activation != _activation || _state is null || _broken)
        {
            return;   // an answer to an activation that has gone (its requests were cancelled with it)
        }
        try
        {
            await ApplyAsync(command, await ContextAsync());
        }
        catch (RoomException ex)
        {
            RoomGrainLog.LateRefusal(logger, ex, Id, command.GetType().Name);
        }
    }

    public async Task Tick()
    {
        if (_state is null || _broken)
        {
            return;
        }
        var context = await ContextAsync();
        foreach (var position in _generations.TakePositions())
        {
            await ApplyAsync(position, context);
        }
        await ApplyAsync(new Tick(), context);
        if (machine.IsIdle(_state, TimeSpan.FromSeconds(options.Value.IdleRoomUnloadSeconds)))
        {
            RoomGrainLog.Idle(logger, Id);
            DeactivateOnIdle();
        }
    }

    private void Adopt(RoomState state, long version, long lastSeq)
    {
        if (_state is null)
        {
            hosted.Loaded();
        }
        (_state, _version, _lastSeq) = (state, version, lastSeq);
        var beat = TimeSpan.FromMilliseconds(options.Value.ClockIntervalMs);
        _clock ??= this.RegisterGrainTimer(OnClockAsync, new GrainTimerCreationOptions(beat, beat) { KeepAlive = true });
    }

    private async Task OnClockAsync(CancellationToken ct)
    {
        try
        {
            await Tick();
        }
        catch (Exception ex)
        {
            RoomGrainLog.TickFailed(logger, ex, Id);   // a failed save already sent the activation away
        }
    }

    /// <summary>Rules, then the store (events numbered and appended in the same change), then the stream, then effects.</summary>
    private async Task<RoomOutcome> ApplyAsync(RoomCommand command, RoomContext context)
    {
        var state = Require();
        var outcome = machine.Apply(state, command, context);   // a refusal throws before anything changed
        IReadOnlyList<RoomEvent> events = outcome.Events;
        if (outcome.Change is not null || events.Count > 0)
        {
            var seq = _lastSeq;
            var numbered = events.Select(e => e with { Seq = ++seq }).ToList();
            var atMs = machine.Now().ToUnixTimeMilliseconds();
            var change = (outcome.Change ?? new RoomChange(Id, 0)) with
            {
                ExpectedVersion = _version,
                AppendEvents = [.. numbered.Select(e => codec.Encode(e, atMs))],
            };
            try
            {
                _version = await store.SaveAsync(change);
            }
            catch (Exception ex)
            {
                // The rules already changed the state the store refused: this activation must not go on with it.
                _broken = true;
                _generations.CancelAll();
                DeactivateOnIdle();
                RoomGrainLog.SaveFailed(logger, ex, Id);
                throw;
            }
            _lastSeq = seq;
            events = numbered;
        }
        Publish(events);
        await RunEffectsAsync(outcome.Effects, context);
        return outcome;
    }

    private async Task RunEffectsAsync(IReadOnlyList<RoomEffect> effects, RoomContext context)
    {
        foreach (var effect in effects)
        {
            switch (effect)
            {
                case CancelAiGeneration cancel:
                    _generations.Cancel(cancel.GenerationId);
                    break;
                case StartAiGeneration start:
                    await ApplyAsync(_generations.Start(start), context);   // queued or refused, told at once
                    break;
                case FitAiPrompt fit:
                    _ = FitAsync(fit.Request);
                    break;
            }
        }
    }

    /// <summary>Tokenizing a long story takes a while: it runs off the grain, and the answer comes back as a call.</summary>
    private async Task FitAsync(AiStartRequest request)
    {
        var fitted = await Task.Run(() => AiPromptFitter.FitAsync(request, engine, ex => RoomGrainLog.FitFailed(logger, ex, Id)));
        try
        {
            await this.AsReference<IRoomGrain>().Deliver(_activation, fitted);
        }
        catch (Exception ex)
        {
            RoomGrainLog.FitFailed(logger, ex, Id);   // the activation went away; the next one asks again
        }
    }

    private async Task<RoomContext> ContextAsync(long? storeAdding = null)
    {
        var limit = options.Value.StoreStorageLimitBytes;
        var full = storeAdding is { } adding && limit > 0 && await store.SizeAsync() + adding > limit ? limit : (long?)null;
        return new RoomContext(engine.ModelName, engine.UnavailableReason, engine.ContextLength, full);
    }

    /// <summary>The room, or null for an id nobody created (its activation leaves at once: anyone can make up ids).</summary>
    private RoomState? Known()
    {
        if (_state is null)
        {
            DeactivateOnIdle();
        }
        return _state;
    }

    private RoomState Require() => _state is { } state && !_broken
        ? state
        : throw new RoomException(RoomErrorCode.NotFound, NotFoundMessage);
}
