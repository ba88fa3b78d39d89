namespace RelayNovel.Web.Rooms.Machine;

/// <summary>Fit the prompt of an AI start outside the room (tokenizing a long story takes time), then send AiPromptFitted.</summary>
public sealed record FitAiPrompt(AiStartRequest Request) : RoomEffect;
