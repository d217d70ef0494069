using CoPBot.Cards.Rendering.BlockKit;

namespace CoPBot.Cards.Tests.Rendering;

/// <summary>Checks rendered Block Kit against Slack's documented limits.</summary>
internal static class BlockKitLimitChecker
{
    public static void AssertWithin(BlockKitView view)
    {
        AssertWithin(view.Blocks, BlockKitLimits.ViewBlocks);
        if (view.Title is not null)
        {
            Assert.InRange(view.Title.Text.Length, 1, BlockKitLimits.ViewTitle);
        }

        Assert.True((view.PrivateMetadata?.Length ?? 0) <= BlockKitLimits.PrivateMetadata);
        Assert.True((view.CallbackId?.Length ?? 0) <= BlockKitLimits.CallbackId);
        if (view.Type == BlockKitView.ModalType)
        {
            Assert.Equal(view.Submit is not null, view.Blocks.Any(b => b is InputBlock));
        }
    }

    public static void AssertWithin(IReadOnlyList<Block> blocks, int maxBlocks)
    {
        Assert.InRange(blocks.Count, 1, maxBlocks);
        var blockIds = blocks.Where(b => b.BlockId is not null).Select(b => b.BlockId).ToList();
        Assert.Equal(blockIds.Count, blockIds.Distinct().Count());
        foreach (var block in blocks)
        {
            Assert.True((block.BlockId?.Length ?? 0) <= BlockKitLimits.BlockId);
            switch (block)
            {
                case HeaderBlock header:
                    Assert.Equal(TextObject.PlainTextType, header.Text.Type);
                    Assert.InRange(header.Text.Text.Length, 1, BlockKitLimits.HeaderText);
                    break;
                case SectionBlock section:
                    Assert.True(section.Text is not null || section.Fields is { Count: > 0 });
                    Assert.True((section.Text?.Text.Length ?? 0) <= BlockKitLimits.SectionText);
                    Assert.True((section.Fields?.Count ?? 0) <= BlockKitLimits.SectionFields);
                    Assert.All(section.Fields ?? [], f => Assert.InRange(f.Text.Length, 1, BlockKitLimits.FieldText));
                    if (section.Accessory is not null)
                    {
                        AssertElement(section.Accessory);
                    }

                    break;
                case ContextBlock context:
                    Assert.InRange(context.Elements.Count, 1, BlockKitLimits.ContextElements);
                    Assert.All(context.Elements, e => Assert.InRange(e.Text.Length, 1, BlockKitLimits.ContextText));
                    break;
                case ActionsBlock actions:
                    Assert.InRange(actions.Elements.Count, 1, BlockKitLimits.ActionsElements);
                    var ids = actions.Elements.Select(e => e.ActionId).ToList();
                    Assert.Equal(ids.Count, ids.Distinct().Count());
                    Assert.All(actions.Elements, AssertElement);
                    break;
                case InputBlock input:
                    Assert.InRange(input.Label.Text.Length, 1, BlockKitLimits.InputLabel);
                    AssertElement(input.Element);
                    break;
            }
        }
    }

    public static IEnumerable<TextObject> Texts(IEnumerable<Block> blocks)
    {
        foreach (var block in blocks)
        {
            switch (block)
            {
                case HeaderBlock h: yield return h.Text; break;
                case SectionBlock s:
                    if (s.Text is not null)
                    {
                        yield return s.Text;
                    }

                    foreach (var f in s.Fields ?? [])
                    {
                        yield return f;
                    }

                    break;
                case ContextBlock c:
                    foreach (var e in c.Elements)
                    {
                        yield return e;
                    }

                    break;
            }
        }
    }

    private static void AssertElement(BlockElement element)
    {
        Assert.InRange(element.ActionId?.Length ?? 0, 1, BlockKitLimits.ActionId);
        switch (element)
        {
            case ButtonElement button:
                Assert.InRange(button.Text.Text.Length, 1, BlockKitLimits.ButtonText);
                Assert.True((button.Value?.Length ?? 0) <= BlockKitLimits.ButtonValue);
                Assert.True(button.Style is null or "primary", "declining is never styled as danger");
                break;
            case StaticSelectElement select:
                Assert.InRange(select.Options.Count, 1, BlockKitLimits.SelectOptions);
                Assert.All(select.Options, o => Assert.InRange(o.Text.Text.Length, 1, BlockKitLimits.OptionText));
                break;
            case CheckboxesElement boxes:
                Assert.InRange(boxes.Options.Count, 1, BlockKitLimits.CheckboxOptions);
                break;
        }
    }
}
