namespace RelayNovel.Web.Components.Shared;

/// <summary>A room this browser created or joined, kept in localStorage so "my rooms" and reloads work without an account.</summary>
public sealed record RememberedRoom(string Id, string Title, string? OwnerKey, string? ParticipantKey, long LastSeen);
