namespace RelayNovel.Tests.Accessibility;

/// <summary>Who opens an audited page: someone not in the room yet, its seated writer, or a spectator.</summary>
public enum PageRole { Visitor, Writer, Spectator }
