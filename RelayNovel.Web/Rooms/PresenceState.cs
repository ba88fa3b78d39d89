namespace RelayNovel.Web.Rooms;

/// <summary>A seat's presence: nobody took it, its writer has a page open, or its writer has none open.</summary>
public enum PresenceState { Empty, Seated, Disconnected }
