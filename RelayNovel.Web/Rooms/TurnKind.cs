namespace RelayNovel.Web.Rooms;

/// <summary>How a committed turn came about: written by a person, by the model, or skipped (timer, owner, kick, no model).</summary>
public enum TurnKind { Human, Ai, Skipped }
