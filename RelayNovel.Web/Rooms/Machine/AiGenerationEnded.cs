namespace RelayNovel.Web.Rooms.Machine;

/// <summary>One candidate's stream ended: Reason is the finish (EndOfStream, Stopped, Error); Failure the public message of an error.</summary>
public sealed record AiGenerationEnded(long GenerationId, int Candidate, string Reason, string? Failure) : RoomCommand;
