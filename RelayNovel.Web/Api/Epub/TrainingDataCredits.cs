using Microsoft.Extensions.Options;
using RelayNovel.Inference.Generation;
using RelayNovel.Web.Hosting;

namespace RelayNovel.Web.Api.Epub;

/// <summary>
/// The attribution a model's training data requires, as the model folder states it: the "Required attribution" list of
/// its DATA_LICENSE.md (the embedded model's names the corpus works it was trained on, some CC BY / CC BY-SA). Only the
/// model this server runs has its folder here; a model no folder describes is credited by name alone.
/// </summary>
public sealed class TrainingDataCredits
{
    public const string DataLicenseFile = "DATA_LICENSE.md";
    private const string Heading = "## Required attribution";

    private readonly Lazy<(string? Name, IReadOnlyList<string> Attribution)> _folder;

    public TrainingDataCredits(IOptions<RelayNovelOptions> options, IHostEnvironment environment)
        : this(ModelFolderLocator.Locate(options.Value.ModelPath, environment.ContentRootPath))
    {
    }

    public TrainingDataCredits(string? modelFolder) =>
        _folder = new(() => Read(modelFolder), LazyThreadSafetyMode.ExecutionAndPublication);

    public EpubModelCredit For(string modelName) =>
        new(modelName, _folder.Value.Name == modelName ? _folder.Value.Attribution : []);

    private static (string? Name, IReadOnlyList<string> Attribution) Read(string? folder)
    {
        if (folder is null)
        {
            return (null, []);
        }
        try
        {
            var license = Path.Combine(folder, DataLicenseFile);
            return (ModelDescription.Read(folder).Name, File.Exists(license) ? Attribution(File.ReadAllText(license)) : []);
        }
        catch (Exception ex) when (ex is ModelLoadException or IOException or UnauthorizedAccessException)
        {
            // The room already says why the model is unavailable; the book then names models without attribution.
            return (null, []);
        }
    }

    /// <summary>The items of the "Required attribution" section, each as one line of plain text (Markdown emphasis removed).</summary>
    public static IReadOnlyList<string> Attribution(string dataLicense)
    {
        var items = new List<string>();
        var inSection = false;
        foreach (var raw in dataLicense.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.StartsWith("## ", StringComparison.Ordinal) || raw.StartsWith("# ", StringComparison.Ordinal))
            {
                inSection = raw.TrimEnd() == Heading;
                continue;
            }
            var line = raw.Trim();
            if (!inSection || line.Length == 0)
            {
                continue;
            }
            if (line.StartsWith("- ", StringComparison.Ordinal) || items.Count == 0)
            {
                items.Add(Plain(line.StartsWith("- ", StringComparison.Ordinal) ? line[2..] : line));
            }
            else
            {
                items[^1] += " " + Plain(line);
            }
        }
        return items;
    }

    private static string Plain(string markdown) => markdown.Replace("**", "", StringComparison.Ordinal).Trim();
}
