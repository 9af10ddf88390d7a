using System.Collections.Frozen;

namespace Zhiku.Core.Documents;

/// <summary>
/// The most frequent Chinese characters, Simplified and Traditional. A correct decoding of Chinese text has
/// most of its characters here (about three in four), a wrong one (GBK bytes read as Big5 or the reverse) maps
/// them onto essentially random characters, of which only about one in ten is here. That gap is what the
/// encoding detector scores.
/// </summary>
internal static class CommonHanzi
{
    // Roughly the 500 most frequent characters of modern Chinese, in Simplified form.
    private const string Simplified =
        "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经" +
        "十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形" +
        "相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展" +
        "五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战" +
        "先回则任取据处世车务请元费工资假期员申报销批审核部门领导签字发票金额标准天数病休息加班调节合同试转正考勤迟到早退旷奖金福利保险" +
        "公积社会医疗养老失业生育住房培训职位岗晋升薪酬绩效评估规定办理手续提交材料附件通知会议纪要记录议题决议负责完成项目进度客户产品" +
        "技术研究开发测试版本功能模块系统服务器数据安全网络软件硬件规格型号参数尺寸重量价格销售市场合作伙伴年度季度计划目标预算成本利润" +
        "请假需要应当必须可以不得禁止允许根据按照超过以上以下之内之前之后每个情况特殊紧急联系电话邮箱地址时间日期星期上午下午晚上节日春" +
        "国庆元旦劳动清明端午中秋放假值班安排注意事项感谢配合特此司集团科技有限总经理主任助理专员经办财务人事行政法务采购仓库物流质量" +
        "你我他她它们这那哪谁什么怎样为何多少很太更最非常已经曾正在将要能够会儿该让给被把对向往从自由于关于至于因为所以但是而且虽然如果" +
        "即使无论只要只有除了还是或者不但而是就是也是都是先后首再然最终总之例如比如包括以及等等其中另外此外同时然而因此于是并且方面问题" +
        "东南北左右内外远近长短宽窄深浅冷热新旧好坏真假对错快慢轻难易早晚白黑红黄绿蓝色书字语言话读写听见想知道觉得认为希望喜欢爱";

    // Traditional forms of the characters above that differ from their Simplified form, plus other frequent ones.
    private const string Traditional =
        "這個國為們時來說產種過動會發對經進實現學點從業兩體製機當開關還應與樣間線內數麼問題黨條結義變頭資邊統將見計別組決區幾農運論據" +
        "處車務請費資員報銷審核門領導簽發票額標準數休息調節轉勤遲獎險積會醫療養職崗晉陞薪酬績評規辦續提附議紀錄項進負責完戶產術試" +
        "統務網軟硬體規格號價銷場夥伴劃預算潤請需應須許據按照超過每個況殊緊聯繫電話郵址間週節慶勞動慶誕團總經處營財務購倉庫質" +
        "你們這那哪誰什麼樣為何多少很太更最經曾將會該讓給對從於關雖然無論只還是或者但而且另外時因此並方東南北遠長寬淺熱舊壞難書語話讀寫" +
        "聽見覺認希歡愛學習環境實際歷史傳統現代產業發展經濟社會政府機構組織計劃執行處理報告設備條件標準規範內容時間" +
        "臺灣華民國立院區縣鄉鎮里號樓層辦公室電腦網際路線圖書館醫院學校銀行郵局";

    private static readonly FrozenSet<char> Set = BuildSet();

    // The first level of each national standard: GB 2312 rows 16-55 hold the 3,755 most used Simplified
    // characters, Big5 A440-C67E the 5,401 most used Traditional ones. Decoded from the code pages themselves.
    private static readonly FrozenSet<char> LevelOne = BuildLevelOne();

    /// <summary>Whether <paramref name="c"/> is one of the frequent characters.</summary>
    public static bool Contains(char c) => Set.Contains(c);

    /// <summary>
    /// How much <paramref name="c"/> speaks for a decoding being right: 1 for a frequent character or Chinese
    /// punctuation, 0.5 for another common (level-one) character or full-width form, 0 for kana, and -1 for
    /// anything rarer (rare ideographs, Latin-1 symbols, box drawing, private use), which wrong decodings produce.
    /// </summary>
    public static double Weight(char c)
    {
        if (Set.Contains(c))
        {
            return 1;
        }

        if (LevelOne.Contains(c) || c is (>= '\uFF01' and <= '\uFF5E') or (>= '\u3000' and <= '\u303F') or (>= '\u2010' and <= '\u2027'))
        {
            return 0.5;
        }

        return c is >= '\u3040' and <= '\u30FF' ? 0 : -1;
    }

    private static FrozenSet<char> BuildLevelOne()
    {
        var chars = new HashSet<char>();
        var gb2312 = CodePages.Get(936);
        var big5 = CodePages.Get(950);
        for (var lead = 0xB0; lead <= 0xD7; lead++)
        {
            for (var trail = 0xA1; trail <= 0xFE; trail++)
            {
                chars.UnionWith(gb2312.GetString([(byte)lead, (byte)trail]));
            }
        }

        for (var lead = 0xA4; lead <= 0xC6; lead++)
        {
            foreach (var trail in Enumerable.Range(0x40, 0x3F).Concat(Enumerable.Range(0xA1, 0x5E)))
            {
                chars.UnionWith(big5.GetString([(byte)lead, (byte)trail]));
            }
        }

        chars.RemoveWhere(c => c < '\u4E00' || c > '\u9FFF');

        // The punctuation and symbol rows (GB 2312 row 1, Big5 A140-A1FE: ° ′ × ÷ … 〔〕) are as common as
        // characters; the other symbol rows (kana, Greek, box drawing) are what wrong decodings produce.
        for (var trail = 0xA1; trail <= 0xFE; trail++)
        {
            chars.UnionWith(gb2312.GetString([0xA1, (byte)trail]));
        }

        foreach (var trail in Enumerable.Range(0x40, 0x3F).Concat(Enumerable.Range(0xA1, 0x5E)))
        {
            chars.UnionWith(big5.GetString([0xA1, (byte)trail]));
        }

        chars.Remove('\uFFFD');
        chars.Remove('?');
        return chars.ToFrozenSet();
    }

    private static FrozenSet<char> BuildSet()
    {
        var set = new HashSet<char>();
        foreach (var c in Simplified)
        {
            set.Add(c);
        }

        foreach (var c in Traditional)
        {
            set.Add(c);
        }

        // Chinese punctuation is as telling as characters: garbage decodings rarely produce it.
        foreach (var c in "，。、；：？！“”‘’（）《》【】…—·")
        {
            set.Add(c);
        }

        return set.ToFrozenSet();
    }
}
