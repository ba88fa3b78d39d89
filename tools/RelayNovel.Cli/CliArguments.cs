using System.Globalization;

namespace RelayNovel.Cli;

/// <summary>
/// The options after a verb: <c>--name value</c>, <c>--name=value</c> and bare flags. Unknown names are
/// usage errors, so a typo never silently falls back to a default.
/// </summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, List<string>> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    private CliArguments()
    {
    }

    public static CliArguments Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions)
    {
        var parsed = new CliArguments();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new UsageException($"unexpected argument '{arg}'");
            }

            var name = arg[2..];
            string? inlineValue = null;
            var eq = name.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                inlineValue = name[(eq + 1)..];
                name = name[..eq];
            }

            if (flagOptions.Contains(name) && inlineValue is null)
            {
                parsed._flags.Add(name);
                continue;
            }

            if (!valueOptions.Contains(name))
            {
                throw new UsageException($"unknown option '--{name}'");
            }

            var value = inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"option '--{name}' needs a value"));
            if (!parsed._values.TryGetValue(name, out var list))
            {
                parsed._values[name] = list = [];
            }

            list.Add(value);
        }

        return parsed;
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? String(string name) => _values.TryGetValue(name, out var list) ? list[^1] : null;

    public IReadOnlyList<string> All(string name) => _values.TryGetValue(name, out var list) ? list : [];

    public string Required(string name) => String(name) ?? throw new UsageException($"missing required option '--{name}'");

    public int? Int(string name, int min = int.MinValue, int max = int.MaxValue)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"option '--{name}' needs a whole number between {min} and {max}, got '{text}'");
        }

        return value;
    }

    public float? Float(string name)
    {
        var text = String(name);
        if (text is null)
        {
            return null;
        }

        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
        {
            throw new UsageException($"option '--{name}' needs a number, got '{text}'");
        }

        return value;
    }
}
