using Microsoft.Extensions.Localization;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Components.Shared;

/// <summary>Turns a rejection from the room service into a sentence the user can act on, in the UI language.</summary>
public static class RoomErrorText
{
    public static string For(IStringLocalizer<UiText> text, RoomException error) =>
        text[$"Error.{error.Code}"];
}
