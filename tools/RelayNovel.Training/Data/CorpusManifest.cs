namespace RelayNovel.Training.Data;

/// <summary>Reads shared/corpus/manifest.tsv and the texts it lists.</summary>
internal static class CorpusManifest
{
    /// <summary>Pre-1933 spelling with old Hangul; it would teach a modern-spelling model archaic letters.</summary>
    public const string ArchaicSource = "aks_wikisource_archaic";

    public static IReadOnlyList<CorpusWork> Load(string corpusDir, bool includeArchaic = false)
    {
        var lines = File.ReadAllLines(Path.Combine(corpusDir, "manifest.tsv"));
        var header = lines[0].Split('\t');
        int Col(string name) => Array.IndexOf(header, name) is var i and >= 0
            ? i : throw new InvalidDataException($"manifest.tsv has no '{name}' column.");
        int path = Col("path"), title = Col("title"), author = Col("author"), licence = Col("licence"), chars = Col("chars");
        var works = new List<CorpusWork>();
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            var f = line.Split('\t');
            var source = f[path].Split('/')[1];
            if (!includeArchaic && source == ArchaicSource)
            {
                continue;
            }

            works.Add(new CorpusWork(f[path], f[title], f[author], source, f[licence], int.Parse(f[chars], System.Globalization.CultureInfo.InvariantCulture)));
        }

        return works;
    }

    public static string ReadText(string corpusDir, CorpusWork work) =>
        File.ReadAllText(Path.Combine(corpusDir, work.RelativePath)).Replace("\r\n", "\n", StringComparison.Ordinal).Trim('\n');
}
