using RelayNovel.Web.Components.Shared;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Components.Pages.Room;

/// <summary>
/// The room page's actions: joining and seats, the editor's draft and submit, the AI controls and the owner's
/// commands. Each asks the room through <see cref="Rooms.Grains.RoomClient"/>, then shows the fresh snapshot or the
/// room's refusal next to the control that caused it.
/// </summary>
public sealed partial class RoomPage
{
    private async Task JoinAsync(JoinRequest request)
    {
        _busy = true;
        _joinError = null;
        try
        {
            // With the owner key the seat also carries the owner's rights (retry the AI like the previous writer).
            var joined = await Rooms.JoinAsync(RoomId, request.DisplayName, request.SeatIndex, request.Spectate, _ownerKey);
            if (await Rooms.IdentifyAsync(RoomId, joined.ParticipantKey) is { } participant)
            {
                await UseIdentityAsync(joined.ParticipantKey, participant);
            }
            var storage = new BrowserStorage(JS);
            await storage.SetAsync(BrowserStorage.DisplayNameKey, request.DisplayName);
            await storage.SaveRoomAsync(new RememberedRoom(RoomId, _snapshot?.Settings.Title ?? "", null, joined.ParticipantKey, 0));
            _rememberedName = request.DisplayName;
            _snapshot = await Rooms.GetAsync(RoomId, _participantKey, _ownerKey);
            await SignalTurnAsync();
        }
        catch (RoomException ex)
        {
            _joinError = RoomErrorText.For(L, ex);
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>"Leave my seat": this browser keeps its key and watches; the seat is free for anyone.</summary>
    private Task LeaveSeatAsync() => RunSeatCommandAsync(key => Rooms.LeaveSeatAsync(RoomId, key));

    /// <summary>A spectator with a key (joined to watch, or left a seat) sits down in a free seat.</summary>
    private Task TakeSeatAsync(int seatIndex) => RunSeatCommandAsync(key => Rooms.TakeSeatAsync(RoomId, key, seatIndex));

    private async Task RunSeatCommandAsync(Func<string, Task> command)
    {
        _seatError = null;
        if (_participantKey is null)
        {
            return;
        }
        try
        {
            await command(_participantKey);
            _participant = await Rooms.IdentifyAsync(RoomId, _participantKey);
            _snapshot = await Rooms.GetAsync(RoomId, _participantKey, _ownerKey);
            await SignalTurnAsync();
        }
        catch (RoomException ex)
        {
            _seatError = RoomErrorText.For(L, ex);
        }
    }

    private async Task UpdateDraftAsync(string text)
    {
        if (_participantKey is null)
        {
            return;
        }
        try
        {
            await Rooms.UpdateDraftAsync(RoomId, _participantKey, text);
        }
        catch (RoomException)
        {
            // The baton moved between the keystroke and now (the editor is being disabled anyway), or the draft passed
            // the room's limit (TooLong): the editor's counter and its own message already say so, and the last draft
            // the room took stays what others see.
        }
    }

    private async Task SubmitTurnAsync(string text)
    {
        if (_participantKey is null)
        {
            throw new RoomException(RoomErrorCode.Forbidden, "Not joined.");
        }
        // One id per attempt: a resend after a dropped connection can't commit the turn twice.
        _submissionId ??= Guid.NewGuid().ToString("N");
        try
        {
            await Rooms.SubmitTurnAsync(RoomId, _participantKey, text, _submissionId);
            _submissionId = null;
        }
        catch (RoomException)
        {
            _submissionId = null;
            throw;
        }
        _snapshot = await Rooms.GetAsync(RoomId, _participantKey, _ownerKey);
        await SignalTurnAsync();
    }

    // Stop, retry and alternatives are offered by the snapshot's permissions, which count the owner key this page holds:
    // they ask with it too, so the room accepts what the page offered.
    private Task StopAiAsync() => RunAiCommandAsync(key => Rooms.StopAiAsync(RoomId, OwnerCredential ?? key));

    // An owner who has not taken a seat acts with the owner key itself.
    private Task RetryAiAsync() => RunAiCommandAsync(key => Rooms.RetryAiAsync(RoomId, OwnerCredential ?? key));

    private async Task RunAiCommandAsync(Func<string, Task> command)
    {
        _aiError = null;
        try
        {
            await command(_participantKey ?? _ownerKey ?? "");
            _snapshot = await Rooms.GetAsync(RoomId, _participantKey, _ownerKey);
        }
        catch (RoomException ex)
        {
            _aiError = RoomErrorText.For(L, ex);
        }
    }

    private Task SkipTurnAsync() => RunOwnerCommandAsync(key => Rooms.SkipTurnAsync(RoomId, key));

    private Task KickAsync(int seatIndex) => RunOwnerCommandAsync(key => Rooms.KickAsync(RoomId, key, seatIndex));

    private async Task<string?> SaveSettingsAsync(RoomSettings settings)
    {
        await RunOwnerCommandAsync(key => Rooms.UpdateSettingsAsync(RoomId, key, settings));
        var error = _ownerError;
        _ownerError = null;   // shown in the settings form, beside what caused it
        return error;
    }

    private async Task RunOwnerCommandAsync(Func<string, Task> command)
    {
        _ownerError = null;
        if (_ownerKey is null)
        {
            return;
        }
        _busy = true;
        try
        {
            await command(_ownerKey);
            _snapshot = await Rooms.GetAsync(RoomId, _participantKey, _ownerKey);
        }
        catch (RoomException ex)
        {
            _ownerError = RoomErrorText.For(L, ex);
        }
        finally
        {
            _busy = false;
        }
    }
}
