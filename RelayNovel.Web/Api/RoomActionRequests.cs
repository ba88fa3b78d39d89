using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>A seated participant's action (undo, stop, retry): the key from joining.</summary>
public sealed record ParticipantActionRequest(string? ParticipantKey);

/// <summary>The baton holder's draft as typed so far; everyone following the room sees it.</summary>
public sealed record DraftRequest(string? ParticipantKey, string? Text);

/// <summary>Ask for <see cref="Count"/> (2–4) AI alternatives that the room votes between.</summary>
public sealed record AlternativesRequest(string? ParticipantKey, int? Count);

/// <summary>A vote for one alternative (0-based) by a seated participant.</summary>
public sealed record VoteRequest(string? ParticipantKey, int? Candidate);

/// <summary>A spectator takes a free seat: <see cref="SeatIndex"/> (0-based), or the first free one when null.</summary>
public sealed record TakeSeatRequest(string? ParticipantKey, int? SeatIndex);

/// <summary>The seat (0-based) the spectator now sits at.</summary>
public sealed record TakeSeatResponse(int SeatIndex);

/// <summary>An owner action (skip, kick, close the vote): the owner key from creating the room.</summary>
public sealed record OwnerActionRequest(string? OwnerKey);

/// <summary>The owner picks the winning alternative (0-based) whatever the votes say.</summary>
public sealed record PickRequest(string? OwnerKey, int? Candidate);

/// <summary>The owner replaces the glossary: names and places, each with one short line.</summary>
public sealed record GlossaryRequest(string? OwnerKey, IReadOnlyList<GlossaryEntry?>? Entries);

/// <summary>What the model was last sent in the room (null before the first AI turn since the app started).</summary>
public sealed record PromptResponse(string? Text);
