namespace Zhiku.Core.Privacy;

/// <summary>Word lists for Chinese person names: surnames (single and compound), titles that follow a name
/// and labels that introduce one.</summary>
internal static class ChineseNameLexicon
{
    // The ~400 most frequent single-character surnames (covering well over 99% of the population).
    private const string SingleSurnames =
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由滑郦弓钮璩蓬丘赖萧邝洪凤荀靖沃宦郗";

    private static readonly string[] CompoundSurnameList =
    [
        "欧阳", "太史", "端木", "上官", "司马", "东方", "独孤", "南宫", "万俟", "闻人", "夏侯", "诸葛", "尉迟", "公羊",
        "赫连", "澹台", "皇甫", "宗政", "濮阳", "公冶", "太叔", "申屠", "公孙", "慕容", "仲孙", "钟离", "长孙", "宇文",
        "司徒", "鲜于", "司空", "闾丘", "子车", "亓官", "司寇", "巫马", "公西", "颛孙", "壤驷", "公良", "漆雕", "乐正",
        "宰父", "谷梁", "拓跋", "夹谷", "轩辕", "令狐", "段干", "百里", "呼延", "东郭", "南门", "羊舌", "微生", "左丘",
        "西门", "第五", "东里", "即墨", "达奚", "褚师",
    ];

    /// <summary>Single-character surnames.</summary>
    public static readonly HashSet<char> Surnames = [.. SingleSurnames];

    /// <summary>Two-character surnames (欧阳, 司马, 诸葛…).</summary>
    public static readonly HashSet<string> CompoundSurnames = [.. CompoundSurnameList];

    /// <summary>Words that follow a name and make it certain: 先生, 经理, 老师…</summary>
    public static readonly string[] Titles =
    [
        "先生", "女士", "小姐", "同志", "总经理", "副总经理", "经理", "副总", "总监", "主任", "老师", "教授", "博士", "医生",
        "大夫", "护士", "律师", "会计", "工程师", "主管", "组长", "部长", "处长", "科长", "局长", "厅长", "院长", "校长",
        "董事长", "董事", "总裁", "副总裁", "秘书", "助理", "专员", "师傅", "阿姨", "警官", "法官", "同学", "书记", "主席",
        "所长", "行长", "顾问", "代表", "负责", "签字", "签名", "签署", "本人", "表示", "指出", "认为", "提出", "汇报", "主持",
        "说", "称", "的手机", "的电话", "的邮箱", "的身份证",
    ];

    /// <summary>Labels that introduce a name, usually followed by ：or a space.</summary>
    public static readonly string[] Labels =
    [
        "姓名", "联系人", "申请人", "负责人", "经办人", "法定代表人", "法人代表", "法人", "委托人", "受托人", "代理人", "收件人",
        "收货人", "寄件人", "发件人", "签字人", "签署人", "审批人", "审核人", "批准人", "复核人", "记录人", "主持人", "报告人",
        "汇报人", "提交人", "创建人", "处理人", "承办人", "对接人", "客户", "患者", "病人", "员工", "职工", "甲方代表",
        "乙方代表", "授权代表", "借款人", "出借人", "担保人", "保证人", "被保险人", "投保人", "受益人", "户主", "持卡人",
        "开户人", "户名", "学生", "家长", "监护人", "紧急联系人", "推荐人", "面试官", "参会人员", "参会人", "与会人员",
        "出席", "列席", "缺席", "抄送", "参与人", "值班人", "报修人", "提出人", "指派给", "经手人", "收款人", "付款人",
        "承租人", "出租人", "记录", "主持", "发言人", "候选人", "应聘者", "求职者", "入职员工", "离职员工", "当事人",
        "被告", "原告", "证人", "联系", "致", "尊敬的", "亲爱的", "抄报", "讲师", "主讲", "作者", "编写", "审阅", "批准",
        "签收人", "领用人", "借用人", "报销人", "请假人", "代办人", "介绍人", "用户", "会员", "租客", "业主", "房东",
        "乘客", "旅客", "考生", "学员", "同事", "组员", "成员", "人员", "任命", "聘任", "聘请", "提拔", "免去", "表彰", "邀请", "感谢",
        "恭喜", "祝贺", "转告", "告知", "通知", "同意", "安排", "委派", "指派", "授权", "由", "请", "被访人", "访客", "来访人", "陪同人", "联络人", "对口人",
        "选手", "运动员", "教练", "主教练", "目击者", "主人公", "研究生", "博士生", "导师", "村支书", "支书", "老人", "妻子", "丈夫", "儿子",
        "女儿", "母亲", "父亲", "市长", "副市长", "省长", "县长", "镇长", "村长", "摄影师", "记者", "工人", "嫌疑人", "犯罪嫌疑人", "组长",
        "专家", "院士", "演员", "导演", "歌手", "作家", "画家", "律师", "法官", "检察官", "厂长", "队长", "班长", "代表", "委员", "我叫", "名叫",
    ];

    // Characters that end nouns (places, organisations, documents, money) far more often than given names;
    // jieba's dictionary tags some such words as names (银行卡 nr).
    private const string NonNameFinalChars = "卡行司局部处厂店院所站馆市省区县镇村号费额率款单表证书网线路街楼室期价税险币数量制度法业务类型性化器机品件册页栏项点";

    // Characters that almost never stand in a given name: function words, time and measure words, words of
    // place and order. A candidate whose given part holds one is an ordinary word that starts with a
    // surname character: 宽温版 (温 + 版), 试用期满前 (满 + 前), 2周在 (周 + 在).
    private const string NonGivenChars = "的了是在和与及或等着过们个这那么什吗呢吧啊哪谁版型款件台套条次号周年日时分秒前后里内外下间每各该此其被把将从向对于由到为以所也都就还又再只已曾没不很最更太让给用做得能会要应需须请些几多第共约含按至起止并且但而则即便因每项类份批种率量值壹贰叁肆伍陆柒捌玖拾佰仟";

    // Surname characters that are far more often a function word or adverb (向公司, 应妥善, 时连, 常亮):
    // without a cue they do not start a name.
    private const string FunctionWordSurnames = "向于和为从将应时常与及由到把被对";

    /// <summary>Whether <paramref name="c"/> is a surname that is more often a function word.</summary>
    public static bool IsFunctionWordSurname(char c) => FunctionWordSurnames.Contains(c);

    // Words in Titles that confirm a name after it but say nothing about the word after them.
    private static readonly HashSet<string> VerbTitles = ["表示", "指出", "认为", "提出", "汇报", "主持", "负责", "签字", "签名", "签署", "本人", "代表"];

    /// <summary>Label and title words themselves (申请人, 经理): jieba's dictionary tags some of them nr.</summary>
    public static readonly HashSet<string> CueWords = [.. Labels, .. Titles];

    /// <summary>Span lookup of <see cref="CueWords"/>, for checking the words before a candidate without allocating.</summary>
    public static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CueLookup =
        new HashSet<string>(Labels.Concat(Titles.Where(t => t.Length >= 2 && !t.StartsWith('的') && !VerbTitles.Contains(t)))).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Span lookup of <see cref="Titles"/>.</summary>
    public static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> TitleLookup = new HashSet<string>(Titles).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Span lookup of the titles that are nouns (先生, 经理), not verbs of speech (表示, 说): a verb after an
    /// ordinary word ("指示灯常亮表示…") says nothing about it being a name.</summary>
    public static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NounTitleLookup =
        new HashSet<string>(Titles.Where(t => !VerbTitles.Contains(t) && t is not ("说" or "称") && !t.StartsWith('的'))).GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Length of the longest label or title.</summary>
    public static readonly int LongestCue = CueWords.Max(w => w.Length);

    // Words that follow an organisation's short name, not a person's: "深圳云启科技有限公司".
    public static readonly string[] OrganisationFollowers = ["科技", "信息", "贸易", "咨询", "有限", "集团", "公司", "股份", "实业", "银行", "医院", "大学", "学院", "中心", "控股", "网络", "软件", "电子", "传媒", "物流", "置业", "地产"];

    /// <summary>Whether <paramref name="c"/> is a character that given names practically never use.</summary>
    public static bool IsNonGivenChar(char c) => NonGivenChars.Contains(c);

    /// <summary>Whether the last character marks a noun rather than a given name.</summary>
    public static bool EndsLikeNoun(ReadOnlySpan<char> word) => word.Length > 0 && NonNameFinalChars.Contains(word[^1]);

    /// <summary>Whether <paramref name="word"/> starts with a surname; returns the surname's length (1 or 2), else 0.</summary>
    public static int SurnameLength(ReadOnlySpan<char> word)
    {
        if (word.Length >= 3 && CompoundSurnames.Contains(word[..2].ToString()))
        {
            return 2;
        }

        return word.Length >= 2 && Surnames.Contains(word[0]) ? 1 : 0;
    }

    /// <summary>Whether <paramref name="word"/> has the shape of a full Chinese name: a surname and one or two
    /// more Han characters (two or three after a compound surname).</summary>
    public static bool HasNameShape(ReadOnlySpan<char> word)
    {
        foreach (char c in word)
        {
            if (!Boundaries.IsHan(c))
            {
                return false;
            }
        }

        int surname = SurnameLength(word);
        int given = word.Length - surname;
        return surname > 0 && given is 1 or 2;
    }
}
