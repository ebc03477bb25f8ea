using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;

namespace Counterpart.Reports;

/// <summary>
/// The charts of one Word document: each drawn by <see cref="ReportCharts"/>, stored as a PNG image part, placed inline
/// at the text width in a centred paragraph (style “Figure”) and followed by its numbered caption (图1 …, style
/// “Caption”). The drawing's alt text describes the chart and its values. With no charts (no Chinese font) it adds nothing.
/// </summary>
internal sealed class Figures(MainDocumentPart main, ReportCharts? charts)
{
    /// <summary>EMU per centimetre (Open XML drawing units).</summary>
    private const long EmuPerCm = 360_000;

    private int number;

    public IEnumerable<Paragraph> Columns(ColumnChart chart) =>
        charts is null ? [] : Figure(charts.Columns(chart), chart.Title, chart.Describe());

    public IEnumerable<Paragraph> Completion(CompletionChart chart) =>
        charts is null ? [] : Figure(charts.Completion(chart), chart.Title, chart.Describe());

    private Paragraph[] Figure(ChartImage image, string title, string description)
    {
        number++;
        var part = main.AddImagePart(ImagePartType.Png);
        using (var png = new MemoryStream(image.Png, writable: false))
        {
            part.FeedData(png);
        }

        var width = (long)Math.Round(ReportCharts.PrintWidthCm * EmuPerCm);
        var height = width * image.Height / image.Width;
        var id = (uint)number;
        var name = "图" + number.ToString(CultureInfo.InvariantCulture);
        var picture = new PIC.Picture(
            new PIC.NonVisualPictureProperties(
                new PIC.NonVisualDrawingProperties { Id = id, Name = name + ".png", Description = description },
                new PIC.NonVisualPictureDrawingProperties()),
            new PIC.BlipFill(new A.Blip { Embed = main.GetIdOfPart(part) }, new A.Stretch(new A.FillRectangle())),
            new PIC.ShapeProperties(
                new A.Transform2D(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = width, Cy = height }),
                new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle }));
        var inline = new DW.Inline(
            new DW.Extent { Cx = width, Cy = height },
            new DW.EffectExtent { LeftEdge = 0, TopEdge = 0, RightEdge = 0, BottomEdge = 0 },
            new DW.DocProperties { Id = id, Name = name, Description = description },
            new DW.NonVisualGraphicFrameDrawingProperties(new A.GraphicFrameLocks { NoChangeAspect = true }),
            new A.Graphic(new A.GraphicData(picture) { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        {
            DistanceFromTop = 0, DistanceFromBottom = 0, DistanceFromLeft = 0, DistanceFromRight = 0,
        };

        return
        [
            new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Figure" }), new Run(new Drawing(inline))),
            new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = "Caption" }),
                new Run(new Text($"{name}　{title}") { Space = SpaceProcessingModeValues.Preserve })),
        ];
    }
}
