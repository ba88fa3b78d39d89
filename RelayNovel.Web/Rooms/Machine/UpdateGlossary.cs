namespace RelayNovel.Web.Rooms.Machine;

/// <summary>The owner replaces the glossary.</summary>
public sealed record UpdateGlossary(string OwnerKey, IReadOnlyList<GlossaryEntry> Entries) : RoomCommand;
