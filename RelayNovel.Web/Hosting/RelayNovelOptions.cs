using System.ComponentModel.DataAnnotations;

namespace RelayNovel.Web.Hosting;

/// <summary>The "RelayNovel" section of appsettings.json. Checked at start: a bad value stops the app with a clear message.</summary>
public sealed class RelayNovelOptions : IValidatableObject
{
    public const string Section = "RelayNovel";

    /// <summary>The LiteDB file; relative paths are under the content root.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DataPath { get; set; } = "data/relaynovel.db";

    /// <summary>
    /// Where rooms are stored: "litedb" (the file at <see cref="DataPath"/>; one process) or "postgres" (the database at
    /// <see cref="PostgresConnection"/>, which every node of a cluster shares). Checked at start by StoryStoreOptionsValidation.
    /// </summary>
    public string Store { get; set; } = "litedb";

    /// <summary>The Npgsql connection string (Host=...;Port=...;Database=...;Username=...;Password=...) when <see cref="Store"/> is "postgres".</summary>
    public string? PostgresConnection { get; set; }

    /// <summary>The model folder; empty = the repository's embedded <c>onnx/</c> folder, found by walking up.</summary>
    public string? ModelPath { get; set; }

    /// <summary>"Auto", "Cpu" or "Cuda".</summary>
    [RegularExpression("^(Auto|Cpu|Cuda)$", ErrorMessage = "RelayNovel:ExecutionProvider must be Auto, Cpu or Cuda.")]
    public string ExecutionProvider { get; set; } = "Auto";

    /// <summary>AI requests waiting across all rooms; beyond it a room waits for a free slot.</summary>
    [Range(1, 10_000)]
    public int QueueCapacity { get; set; } = 64;

    /// <summary>Sequences the batch engine decodes together at most (one model run advances each by a token).</summary>
    [Range(1, 256)]
    public int EngineMaxRows { get; set; } = 16;

    /// <summary>
    /// Memory the engine's KV cache may take, in MiB (two buffers per row, each row the model's whole context);
    /// fewer rows are used when <see cref="EngineMaxRows"/> do not fit.
    /// </summary>
    [Range(1, 1_048_576)]
    public int EngineKvBudgetMb { get; set; } = 2048;

    /// <summary>Engine rows only rooms' AI turns may use: the open API (<c>/v1</c>, <c>/api/continue</c>) never takes them.</summary>
    [Range(0, 255)]
    public int EngineRoomReservedRows { get; set; } = 2;

    /// <summary>The "natural" pace at which AI text is shown.</summary>
    [Range(1, 1000)]
    public double NaturalTokensPerSecond { get; set; } = 18;

    /// <summary>A seat counts as typing for this long after its draft last changed.</summary>
    [Range(1, 60)]
    public int TypingWindowSeconds { get; set; } = 3;

    /// <summary>A room without open pages still counts as attended this long after an API call (timers run, the AI writes).</summary>
    [Range(1, 86_400)]
    public int AttendedWindowSeconds { get; set; } = 120;

    /// <summary>
    /// A baton holder whose pages all closed (tab shut, connection lost) keeps the turn this long; then it passes on
    /// as a skipped turn that keeps their draft. 0 = never (the holder keeps the baton until the turn timer, if any).
    /// </summary>
    [Range(0, 86_400)]
    public int DisconnectGraceSeconds { get; set; } = 90;

    /// <summary>Rooms nobody used for this long are dropped from memory (they stay in the file).</summary>
    [Range(10, 86_400)]
    public int IdleRoomUnloadSeconds { get; set; } = 600;

    /// <summary>Fixes the sequence of AI seeds (tests, reproducible demos); empty = a fresh random seed per attempt.</summary>
    public int? AiSeed { get; set; }

    /// <summary>The room clock's tick: timers, draft fan-out and AI pacing.</summary>
    [Range(10, 1000)]
    public int ClockIntervalMs { get; set; } = 50;

    /// <summary>
    /// HTTP writes (create room, take a seat, submit a turn, ...) one client may make per
    /// <see cref="WriteWindowSeconds"/>; beyond it the API answers 429 with Retry-After. 0 turns the limit off.
    /// Clients are told apart by IP address, so behind a reverse proxy raise it; requests without an address are not limited.
    /// </summary>
    [Range(0, 1_000_000)]
    public int WritesPerWindow { get; set; } = 120;

    [Range(1, 3600)]
    public int WriteWindowSeconds { get; set; } = 10;

    // Storage and invite links (issue 16: what a room, an import and the whole file may hold; links not built from Host).

    /// <summary>
    /// The address people reach the app at (e.g. https://novel.example.org), used for invite links in API answers and
    /// on room pages. Unset: links are relative unless AllowedHosts names the hosts, and never taken from an arbitrary Host header.
    /// </summary>
    [RegularExpression(@"^https?://[^\s/?#]+(/[^\s?#]*)?$", ErrorMessage = "RelayNovel:PublicBaseUrl must be an absolute http(s) address without query or fragment.")]
    public string? PublicBaseUrl { get; set; }

    /// <summary>
    /// What one room's turns may take in the story file (bytes, as stored). A room that has reached it refuses new text,
    /// and an import that would exceed it is refused.
    /// </summary>
    [Range(64 * 1024, 1L << 40)]
    public long RoomStorageLimitBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>What the whole story file may grow to (bytes); past it new rooms, imports and turns are refused. 0 = no limit.</summary>
    [Range(0, 1L << 50)]
    public long StoreStorageLimitBytes { get; set; } = 4L * 1024 * 1024 * 1024;
    /// <summary>
    /// When set, <c>/v1</c> and <c>/api/continue</c> answer only requests with <c>Authorization: Bearer</c> and this key
    /// (OpenAI SDKs send their API key so); empty = open to anyone who can reach the app.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Generations (running or queued) one client address may hold at once through <c>/v1</c> and <c>/api/continue</c>;
    /// beyond it they answer 429 with Retry-After, so one client cannot fill the queue the rooms' AI seats wait in. 0 = no cap.
    /// </summary>
    [Range(0, 10_000)]
    public int GenerationsPerClient { get; set; } = 4;

    /// <summary>
    /// Origins (e.g. <c>https://novel.example</c>) besides the app's own that may open the room hub from a browser;
    /// <c>*</c> allows any. Connections without an Origin header (programs, not browsers) are always allowed.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (EngineRoomReservedRows >= EngineMaxRows)
        {
            yield return new ValidationResult(
                $"RelayNovel:EngineRoomReservedRows ({EngineRoomReservedRows}) must be less than RelayNovel:EngineMaxRows ({EngineMaxRows}), or the open API could never run.",
                [nameof(EngineRoomReservedRows)]);
        }
    }

    /// <summary>The batch engine's limits from these options.</summary>
    public Inference.Scheduling.BatchSchedulerOptions EngineOptions() => new()
    {
        WaitingCapacity = QueueCapacity,
        MaxRows = EngineMaxRows,
        KvBudgetMb = EngineKvBudgetMb,
        RoomReservedRows = EngineRoomReservedRows,
    };
}
