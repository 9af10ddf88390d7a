namespace Zhiku.SampleGenerator.Content;

/// <summary>The product-launch deck of the AI inspection unit, with speaker notes.</summary>
internal static class LaunchDeck
{
    public const string FileName = "发布会-工业AI质检一体机.pptx";

    public static byte[] Build() => OfficePackage.Deck(
        (OfficePackage.Shape("title", 0, 0, "工业AI质检一体机 ZK-2024-002P 发布会", "ctrTitle")
            + OfficePackage.Shape("sub", 0, 2000, "星河科技有限公司 · 2025年6月16日 · 杭州"),
            "开场：感谢各位客户和合作伙伴到场。先用一分钟回顾星河边缘计算网关的装机量，再引出质检一体机。"),
        (OfficePackage.Shape("title", 0, 0, "为什么需要它", "title")
            + OfficePackage.Shape("left", 0, 2000, "人工目检漏检率高达5%\n夜班质检人员流失严重")
            + OfficePackage.Shape("right", 6000, 2000, "一体机缺陷识别准确率98.7%\n单台推理时延低于35毫秒"),
            "这里强调准确率数字来自宁波汽车零部件客户的三个月试点，共检测120万件。"),
        (OfficePackage.Shape("title", 0, 0, "价格与供货", "title")
            + OfficePackage.Shape("body", 0, 1500, "6月中旬量产，首批500台")
            + OfficePackage.Table(0, 3000, ["型号", "建议零售价", "质保期"], ["ZK-2024-002P 标准版", "12,800元", "2年"], ["ZK-2024-002P 增强版", "16,800元", "3年"]),
            "早鸟价：7月31日前下单的客户享受九折，每家限购20台。不要承诺8月前交付增强版。"));
}
