namespace RelayNovel.Web.Rooms.Grains;

/// <summary>
/// An open page's place in a room's presence: its bucket (the viewer's key hash; null for a spectator) in the
/// activation that counted it. A room loaded again (after a failure or a move) has counted nobody: a ticket from an
/// earlier activation closes nothing there, and a page holding one opens again.
/// </summary>
public sealed record PageTicket(string? Bucket, Guid Activation);
