namespace RelayNovel.Web.Rooms;

/// <summary>How fast the AI's text is shown: at a readable pace, or as fast as the model writes it.</summary>
public enum AiPace { Natural, AsGenerated }
