namespace RelayNovel.Web.Api;

/// <summary>
/// <c>POST /api/rooms/{id}/turns</c>. A client that may retry sends a <see cref="SubmissionId"/> (or an
/// <c>Idempotency-Key</c> header): a repeat returns the same turn instead of adding one.
/// </summary>
public sealed record SubmitTurnRequest(string? ParticipantKey, string? Text, string? SubmissionId = null);
