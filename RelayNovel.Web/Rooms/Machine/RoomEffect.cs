using System.Text.Json.Serialization;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// Work the rules ask of the room's host after it has stored the change and published the events: fit a prompt,
/// start or cancel a generation. The host reports back with commands (<see cref="AiPromptFitted"/>,
/// <see cref="AiGenerationQueued"/>, <see cref="AiTokens"/>...).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$effect")]
[JsonDerivedType(typeof(FitAiPrompt), "fitPrompt")]
[JsonDerivedType(typeof(StartAiGeneration), "startGeneration")]
[JsonDerivedType(typeof(CancelAiGeneration), "cancelGeneration")]
public abstract record RoomEffect;
