namespace RelayNovel.Tests.Accessibility;

/// <summary>The audited room and the keys of the people who look at it.</summary>
public sealed record AuditRoom(string Id, string WriterKey, string SpectatorKey);
