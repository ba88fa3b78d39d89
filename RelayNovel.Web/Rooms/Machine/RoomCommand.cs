using System.Text.Json.Serialization;

namespace RelayNovel.Web.Rooms.Machine;

/// <summary>
/// One thing asked of a room: a person's action, a page opening or closing, the clock's beat, or the AI's progress
/// coming back from the engine. Plain data that round-trips through System.Text.Json (it may cross silos); keys are
/// carried as given and hashed by the rules.
/// </summary>
[JsonDerivedType(typeof(CreateRoom), "create")]
[JsonDerivedType(typeof(ImportRoom), "import")]
[JsonDerivedType(typeof(ForkRoom), "fork")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$command")]
[JsonDerivedType(typeof(JoinRoom), "join")]
[JsonDerivedType(typeof(TakeSeat), "takeSeat")]
[JsonDerivedType(typeof(LeaveSeat), "leaveSeat")]
[JsonDerivedType(typeof(KickSeat), "kick")]
[JsonDerivedType(typeof(UpdateSettings), "settings")]
[JsonDerivedType(typeof(UpdateGlossary), "glossary")]
[JsonDerivedType(typeof(MarkChapter), "markChapter")]
[JsonDerivedType(typeof(UnmarkChapter), "unmarkChapter")]
[JsonDerivedType(typeof(OpenPage), "openPage")]
[JsonDerivedType(typeof(ReopenPage), "reopenPage")]
[JsonDerivedType(typeof(ClosePage), "closePage")]
[JsonDerivedType(typeof(TouchRoom), "touch")]
[JsonDerivedType(typeof(UpdateDraft), "draft")]
[JsonDerivedType(typeof(SubmitTurn), "submit")]
[JsonDerivedType(typeof(SkipTurn), "skip")]
[JsonDerivedType(typeof(UndoTurn), "undo")]
[JsonDerivedType(typeof(StopAi), "stopAi")]
[JsonDerivedType(typeof(RetryAi), "retryAi")]
[JsonDerivedType(typeof(RequestAlternatives), "alternatives")]
[JsonDerivedType(typeof(CastVote), "vote")]
[JsonDerivedType(typeof(CloseVote), "closeVote")]
[JsonDerivedType(typeof(PickAlternative), "pick")]
[JsonDerivedType(typeof(Tick), "tick")]
[JsonDerivedType(typeof(FlushDraft), "flush")]
[JsonDerivedType(typeof(AiPromptFitted), "aiPromptFitted")]
[JsonDerivedType(typeof(AiGenerationQueued), "aiQueued")]
[JsonDerivedType(typeof(AiGenerationRefused), "aiRefused")]
[JsonDerivedType(typeof(AiQueuePosition), "aiPosition")]
[JsonDerivedType(typeof(AiGenerationStarted), "aiStarted")]
[JsonDerivedType(typeof(AiTokens), "aiTokens")]
[JsonDerivedType(typeof(AiGenerationEnded), "aiEnded")]
public abstract record RoomCommand;
