namespace RelayNovel.Web.Components;

/// <summary>Marker type for the UI's string resources (Resources/Components/UiText*.resx; Korean is the neutral culture).</summary>
public sealed class UiText;
