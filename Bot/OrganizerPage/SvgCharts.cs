using System.Globalization;
using System.Text;
using CoPBot.Services.Views;
using static CoPBot.Bot.OrganizerPage.HtmlPage;

namespace CoPBot.Bot.OrganizerPage;

/// <summary>One series of a bar chart: its name and one value per category.</summary>
internal sealed record ChartSeries(string Name, IReadOnlyList<int> Values);

/// <summary>
/// Bar charts drawn as SVG on the server: no script, no font, no request elsewhere. Each chart is one image with an
/// accessible name and description, followed by the same figures as a table (the alternative for screen readers and
/// for anyone who wants the numbers). Every bar carries its value in data-value, so a test can compare it.
/// </summary>
internal static class SvgCharts
{
    private const int Width = 720;
    private const int PlotTop = 16;
    private const int PlotHeight = 200;
    private const int Left = 40;
    private const int LabelSpace = 64;

    /// <summary>Grouped vertical bars: one group per category (a session), one bar per series, with a legend.</summary>
    public static string GroupedBars(string id, string title, string description, IReadOnlyList<string> categories, IReadOnlyList<ChartSeries> series)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        var max = Math.Max(1, series.SelectMany(s => s.Values).DefaultIfEmpty(0).Max());
        var groupWidth = (Width - Left - 8) / (double)Math.Max(1, categories.Count);
        var barWidth = Math.Min(28, groupWidth * 0.8 / Math.Max(1, series.Count));
        var svg = Open(id, title, description, PlotTop + PlotHeight + LabelSpace);
        Axis(svg, max);
        for (var c = 0; c < categories.Count; c++)
        {
            var groupLeft = Left + (c * groupWidth) + ((groupWidth - (barWidth * series.Count)) / 2);
            for (var s = 0; s < series.Count; s++)
            {
                var value = series[s].Values[c];
                var height = value * PlotHeight / (double)max;
                svg.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"bar k{s}\" fill=\"{Colors[s % Colors.Length]}\" x=\"{groupLeft + (s * barWidth):0.#}\" y=\"{PlotTop + PlotHeight - height:0.#}\" width=\"{barWidth - 2:0.#}\" height=\"{height:0.#}\" ")
                    .Append(CultureInfo.InvariantCulture, $"data-series=\"{Encode(series[s].Name)}\" data-category=\"{Encode(categories[c])}\" data-value=\"{value}\">")
                    .Append(CultureInfo.InvariantCulture, $"<title>{Encode(categories[c])}: {Encode(series[s].Name)} {value}</title></rect>");
            }

            svg.Append(CultureInfo.InvariantCulture,
                $"<text x=\"{Left + (c * groupWidth) + (groupWidth / 2):0.#}\" y=\"{PlotTop + PlotHeight + 18}\" text-anchor=\"middle\" font-size=\"12\">{Encode(categories[c])}</text>");
        }

        svg.Append("</svg>");
        var legend = new StringBuilder("<ul class=\"legend\">");
        for (var s = 0; s < series.Count; s++)
        {
            legend.Append(CultureInfo.InvariantCulture, $"<li><span class=\"key k{s}\"></span>{Encode(series[s].Name)}</li>");
        }

        legend.Append("</ul>");
        return Figure(id, svg.ToString() + legend, Table(id, title, "Session", categories, series));
    }

    /// <summary>Horizontal bars, one per group (already folded by <see cref="GroupCounts"/>).</summary>
    public static string GroupBars(string id, string title, string description, string groupName, IReadOnlyList<GroupCount> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        const int Row = 26;
        const int LabelWidth = 220;
        var max = Math.Max(1, groups.Select(g => g.Count).DefaultIfEmpty(0).Max());
        var svg = Open(id, title, description, Math.Max(1, groups.Count) * Row + 8);
        for (var g = 0; g < groups.Count; g++)
        {
            var y = 4 + (g * Row);
            var width = groups[g].Count * (Width - LabelWidth - 60) / (double)max;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth - 8}\" y=\"{y + 16}\" text-anchor=\"end\" font-size=\"13\">{Encode(groups[g].Label)}</text>")
                .Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"bar k1\" fill=\"{Colors[1]}\" x=\"{LabelWidth}\" y=\"{y}\" width=\"{width:0.#}\" height=\"{Row - 6}\" data-category=\"{Encode(groups[g].Label)}\" data-value=\"{groups[g].Count}\">")
                .Append(CultureInfo.InvariantCulture, $"<title>{Encode(groups[g].Label)}: {groups[g].Count}</title></rect>")
                .Append(CultureInfo.InvariantCulture, $"<text x=\"{LabelWidth + width + 6:0.#}\" y=\"{y + 16}\" font-size=\"13\">{groups[g].Count}</text>");
        }

        svg.Append("</svg>");
        return Figure(id, svg.ToString(), Table(id, title, groupName, groups.Select(g => g.Label).ToList(), [new ChartSeries("People", groups.Select(g => g.Count).ToList())]));
    }

    // Dark blue, teal, orange: distinguishable with the common colour-vision differences, and each named in the legend.
    private static readonly string[] Colors = ["#1d3557", "#2a9d8f", "#e76f51"];

    private static StringBuilder Open(string id, string title, string description, int height) =>
        new StringBuilder().Append(CultureInfo.InvariantCulture,
                $"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\">")
            .Append(CultureInfo.InvariantCulture, $"<title id=\"{id}-title\">{Encode(title)}</title><desc id=\"{id}-desc\">{Encode(description)}</desc>");

    private static void Axis(StringBuilder svg, int max)
    {
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" y1=\"{PlotTop + PlotHeight}\" x2=\"{Width - 4}\" y2=\"{PlotTop + PlotHeight}\" stroke=\"#555\"/>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{PlotTop + 4}\" text-anchor=\"end\" font-size=\"12\">{max}</text>")
            .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{PlotTop + PlotHeight}\" text-anchor=\"end\" font-size=\"12\">0</text>");
    }

    private static string Figure(string id, string chart, string table) =>
        $"<figure id=\"{id}\">{chart}<details><summary>The figures as a table</summary>{table}</details></figure>";

    private static string Table(string id, string caption, string rowHeader, IReadOnlyList<string> rows, IReadOnlyList<ChartSeries> series)
    {
        var table = new StringBuilder($"<table id=\"{id}-table\"><caption>{Encode(caption)}</caption><thead><tr><th scope=\"col\">{Encode(rowHeader)}</th>");
        foreach (var s in series)
        {
            table.Append(CultureInfo.InvariantCulture, $"<th scope=\"col\">{Encode(s.Name)}</th>");
        }

        table.Append("</tr></thead><tbody>");
        for (var r = 0; r < rows.Count; r++)
        {
            table.Append(CultureInfo.InvariantCulture, $"<tr><th scope=\"row\">{Encode(rows[r])}</th>");
            foreach (var s in series)
            {
                table.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{s.Values[r]}</td>");
            }

            table.Append("</tr>");
        }

        return table.Append("</tbody></table>").ToString();
    }
}
