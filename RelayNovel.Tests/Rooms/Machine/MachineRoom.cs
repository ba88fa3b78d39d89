using Microsoft.Extensions.Time.Testing;
using RelayNovel.Web.Rooms;
using RelayNovel.Web.Rooms.Machine;

namespace RelayNovel.Tests.Rooms.Machine;

/// <summary>
/// A room driven only through <see cref="RoomMachine"/>: a fake clock, fixed seeds, no app, store, engine or timers.
/// It plays the host's part for the AI: answers prompt fitting and generation effects with commands.
/// </summary>
internal sealed class MachineRoom
{
    public static readonly RoomContext Model = new("tiny", null, 1024);

    private MachineRoom(FakeTimeProvider time, RoomMachine machine, RoomState state, string ownerKey)
    {
        Time = time;
        Machine = machine;
        State = state;
        OwnerKey = ownerKey;
    }

    public FakeTimeProvider Time { get; }
    public RoomMachine Machine { get; }
    public RoomState State { get; }
    public string OwnerKey { get; }
    public List<string> Keys { get; } = [];
    public List<RoomOutcome> Outcomes { get; } = [];

    public static MachineRoom Create(RoomSettings settings, RoomRules? rules = null)
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-01T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var machine = new RoomMachine(rules ?? new RoomRules(), time, new RandomSeedSource(7), turn => 100 + turn.Text.Length);
        var ownerKey = RoomKeys.NewKey();
        var state = machine.Create(new CreateRoom(RoomKeys.NewRoomId(), RoomKeys.Hash(ownerKey), settings), Model);
        return new MachineRoom(time, machine, state, ownerKey);
    }

    /// <summary>Seats one person per name (in plan order), each with a page open.</summary>
    public static MachineRoom WithWriters(RoomSettings settings, params string[] names)
    {
        var room = Create(settings);
        foreach (var name in names)
        {
            var key = RoomKeys.NewKey();
            room.Apply(new JoinRoom(name, null, false, null, key));
            room.Keys.Add(key);
            room.Apply(new OpenPage(key));
        }
        return room;
    }

    public RoomOutcome Apply(RoomCommand command, RoomContext? context = null)
    {
        var outcome = Machine.Apply(State, command, context ?? Model);
        Outcomes.Add(outcome);
        return outcome;
    }

    public void Pass(TimeSpan time)
    {
        Time.Advance(time);
        Apply(new Tick());
    }

    /// <summary>Answers the last prompt-fitting effect (if any) and admits the generation it starts; the generation's id.</summary>
    public long StartAi()
    {
        var fit = Outcomes.SelectMany(o => o.Effects).OfType<FitAiPrompt>().Last();
        var fitted = Apply(new AiPromptFitted(fit.Request.StartId, new AiPrompt("prompt", 5, 1024, 0),
            new PromptMemoryView(false, false, [], [], 0, 5, 0), null, null, false));
        var start = fitted.Effects.OfType<StartAiGeneration>().Single();
        Apply(new AiGenerationQueued(start.GenerationId, 0));
        Apply(new AiGenerationStarted(start.GenerationId));
        return start.GenerationId;
    }

    /// <summary>Writes <paramref name="text"/> as the AI (every candidate of a vote the same), ends it, and lets the clock show it all.</summary>
    public void WriteAi(long generation, string text, int candidates = 1)
    {
        for (var c = 0; c < candidates; c++)
        {
            Apply(new AiTokens(generation, c, new AiChunk(text + (candidates > 1 ? $" {c}" : ""), 3, TimeSpan.FromMilliseconds(10), null)));
            Apply(new AiGenerationEnded(generation, c, "EndOfStream", null));
        }
        Pass(TimeSpan.FromSeconds(5));
        Pass(TimeSpan.FromSeconds(5));
    }
}
