namespace Counterpart.Inspections;

/// <summary>
/// The ten safety prohibitions for work sites (安全生产十不准), shipped as a built-in checklist.
/// Each item is phrased as what the inspector checks.
/// </summary>
public static class SafetyChecklist
{
    public const string Code = "safety-ten";

    public const string Name = "安全生产十不准";

    public static IReadOnlyList<string> Items { get; } =
    [
        "进入施工现场的人员均佩戴安全帽",
        "高处作业设置安全网，作业人员系好安全带",
        "作业人员未穿高跟鞋、拖鞋，未赤脚作业",
        "工作时间无人饮酒，无酒后作业",
        "高处作业的物料未随意向下抛掷",
        "每个电源开关只控制一台用电设备，无一闸多用",
        "机械设备状况良好，无带故障运行",
        "机械设备的安全防护装置齐全有效",
        "吊装作业有专人指挥，起落点清晰可见",
        "防火禁区内无人吸烟",
    ];

    public static Checklist Create() => new()
    {
        Code = Code,
        Name = Name,
        BuiltIn = true,
        Items = [.. Items.Select((text, i) => new ChecklistItem { Number = i + 1, Text = text })],
    };
}
