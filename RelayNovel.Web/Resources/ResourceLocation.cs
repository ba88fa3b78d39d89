using Microsoft.Extensions.Localization;

// Pins where IStringLocalizer looks for this assembly's .resx files, whatever ResourcesPath Program.cs sets.
[assembly: ResourceLocation("Resources")]
