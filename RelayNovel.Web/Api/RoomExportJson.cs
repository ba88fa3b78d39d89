using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using RelayNovel.Web.Rooms;

namespace RelayNovel.Web.Api;

/// <summary>
/// Reads and writes <see cref="RoomExportFile"/> with its own settings (not the API's), so the file format
/// stays put whatever the HTTP JSON options become.
/// </summary>
public static class RoomExportJson
{
    /// <summary>Below Kestrel's default request limit (30 MB); larger files are refused before parsing.</summary>
    public const int MaxBytes = 20 * 1024 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Korean stays readable in the file; characters that matter to HTML (<, >, &, quotes) are still escaped.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static string Write(RoomExportFile file) => JsonSerializer.Serialize(file, Options);

    /// <summary>Reads at most <see cref="MaxBytes"/>; oversize or malformed input is a <see cref="RoomException"/>.</summary>
    public static async Task<RoomExportFile> ReadAsync(Stream body, long? declaredLength, CancellationToken ct) =>
        (await ReadSizedAsync(body, declaredLength, ct)).File;

    /// <summary>As <see cref="ReadAsync"/>, with the number of bytes read (what an import may rebuild is bounded by it).</summary>
    public static async Task<(RoomExportFile File, long Bytes)> ReadSizedAsync(Stream body, long? declaredLength, CancellationToken ct)
    {
        if (declaredLength > MaxBytes)
        {
            throw TooLarge();
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        try
        {
            var file = JsonSerializer.Deserialize<RoomExportFile>(bytes, Options)
                ?? throw new RoomException(RoomErrorCode.InvalidSettings, "The export is empty (null).") { TextKey = "Import.Empty" };
            return (file, buffer.Length);
        }
        catch (JsonException ex)
        {
            // People read "line 3, character 14", not the reader's 0-based byte offsets.
            var line = (ex.LineNumber ?? 0) + 1;
            var column = CharacterColumn(bytes, ex.LineNumber ?? 0, ex.BytePositionInLine ?? 0) + 1;
            throw new RoomException(RoomErrorCode.InvalidSettings,
                $"The export isn't valid JSON for a room (line {line}, character {column}{(ex.Path is { } path ? $", at {path}" : "")}).")
            {
                TextKey = "Import.BadJson",
                TextArgs = [line, column],
            };
        }
    }

    /// <summary>How many characters (not UTF-8 bytes: Korean takes three) precede <paramref name="bytePosition"/> on the 0-based line.</summary>
    internal static long CharacterColumn(ReadOnlySpan<byte> json, long lineNumber, long bytePosition)
    {
        var start = 0;
        for (var line = 0L; line < lineNumber; line++)
        {
            var newline = json[start..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return bytePosition;
            }
            start += newline + 1;
        }
        var length = (int)Math.Min(bytePosition, json.Length - start);
        return System.Text.Encoding.UTF8.GetCharCount(json.Slice(start, length));
    }

    private static RoomException TooLarge() =>
        new(RoomErrorCode.TooLong, $"An export can be at most {MaxBytes / (1024 * 1024)} MB.")
        {
            TextKey = "Import.TooLarge",
            TextArgs = [MaxBytes / (1024 * 1024)],
        };
}
