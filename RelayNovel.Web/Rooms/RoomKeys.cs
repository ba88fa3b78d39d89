using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace RelayNovel.Web.Rooms;

/// <summary>Unguessable room ids and keys. Keys are stored only as SHA-256 hashes, so a copied data file grants nothing.</summary>
internal static class RoomKeys
{
    /// <summary>128 random bits, URL-safe (22 characters).</summary>
    public static string NewRoomId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>256 random bits, URL-safe.</summary>
    public static string NewKey() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string Hash(string key) => Base64Url.EncodeToString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>
    /// Compares two key hashes in constant time (for hashes of the same length), so how long a refusal takes says
    /// nothing about how much of a guessed key was right. A null hash (no key) equals nothing.
    /// </summary>
    public static bool HashEquals(string? a, string? b) =>
        a is not null && b is not null
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));

    /// <summary>Room ids are looked up in the store: refuse anything that is not the shape we hand out.</summary>
    public static bool LooksLikeRoomId(string? roomId) =>
        roomId is { Length: >= 16 and <= 64 } && roomId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
