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
        try
        {
            var file = JsonSerializer.Deserialize<RoomExportFile>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Options)
                ?? throw new RoomException(RoomErrorCode.InvalidSettings, "The export is empty (null).");
            return (file, buffer.Length);
        }
        catch (JsonException ex)
        {
            throw new RoomException(RoomErrorCode.InvalidSettings, $"The export isn't valid JSON for a room: {ex.Message}");
        }
    }

    private static RoomException TooLarge() =>
        new(RoomErrorCode.TooLong, $"An export can be at most {MaxBytes / (1024 * 1024)} MB.");
}
