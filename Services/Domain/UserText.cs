namespace CoPBot.Services.Domain;

/// <summary>The one rule for quoting what a person typed back to them: a short excerpt, never the whole input.</summary>
public static class UserText
{
    public const int MaxQuotedLength = 60;

    /// <summary>The text trimmed, and cut to <see cref="MaxQuotedLength"/> characters with an ellipsis when longer.</summary>
    public static string Clip(string? text)
    {
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length <= MaxQuotedLength)
        {
            return trimmed;
        }

        // Never cut a surrogate pair in half.
        var end = MaxQuotedLength - 1;
        if (char.IsHighSurrogate(trimmed[end - 1]))
        {
            end--;
        }

        return trimmed[..end] + "…";
    }
}
