using System.Text;

namespace Zhiku.PrivacyBench;

/// <summary>
/// Labelled Chinese sentences with people's names, for PERSON recall and precision: names at sentence starts,
/// next to titles and roles, inside lists, as subjects of news-style sentences with no cue at all, with
/// common, compound and rare surnames and one- or two-character given names. Every sentence also carries
/// ordinary words that start with a surname character, so precision is measured on the same text.
/// (No package on the registries reachable here ships a Chinese NER test set, so this set is built.)
/// </summary>
internal static class NameCorpus
{
    private const string CommonSurnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连";
    private const string RareSurnames = "亓訾逯佘郜仝邝冼蔺粟谌鄢栾隋巫寇桑郎甄丛仲虞敖巩佟臧闵苟邬卞姬";
    private static readonly string[] Compound = ["欧阳", "司马", "诸葛", "上官", "慕容", "东方", "皇甫", "令狐", "尉迟", "公孙", "司徒", "夏侯", "轩辕", "端木", "长孙", "宇文"];
    private const string GivenChars = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂华玉萍红玲芬燕彬鑫斌宇浩凯健俊帆帅旭宁龙林欣佳丹雪琳晶颖倩婷慧莉梅淑云飞鹏辉波峰亮成建国文志新海春宏晓东翔博轩睿泽晨阳昊然子涵梓萱诗雨思怡嘉琪欣妍若曦雅婧婉清瑶璐蕾薇岚蓉琴曼楠乐鸣毅振威荣锋腾达坤豪奇骏航远钧铭哲瀚逸煜承宸彦钰琛";

    public delegate void Template(Func<string> name, DocumentBuilder d, Random r);

    private static readonly Template[] Templates =
    [
        (n, d, r) => d.E("PERSON", n()).T("于2019年加入公司，现任华东区销售总监。"),
        (n, d, r) => d.T("记者从市教育局获悉，").E("PERSON", n()).T("等三名教师获评省级教学名师。"),
        (n, d, r) => d.E("PERSON", n()).T("说，这次高温天气持续时间长，供电压力大。"),
        (n, d, r) => d.T("会议由").E("PERSON", n()).T("主持，").E("PERSON", n()).T("和").E("PERSON", n()).T("分别作了发言。"),
        (n, d, r) => d.T("参加验收的有").E("PERSON", n()).T("、").E("PERSON", n()).T("、").E("PERSON", n()).T("三位专家。"),
        (n, d, r) => d.T("据").E("PERSON", n()).T("介绍，宽温版网关已在北方多个风电场投入使用。"),
        (n, d, r) => d.T("董事长").E("PERSON", n()).T("在年会上宣布，明年将在成都设立研发中心。"),
        (n, d, r) => d.E("PERSON", n()).T("教授的团队研制出一种新型温度传感器。"),
        (n, d, r) => d.T("患者").E("PERSON", n()).T("术后恢复良好，已于周三出院。"),
        (n, d, r) => d.T("今年58岁的").E("PERSON", n()).T("在这个村子里当了三十年的乡村医生。"),
        (n, d, r) => d.T("本案中，原告").E("PERSON", n()).T("与被告").E("PERSON", n()).T("于2021年签订房屋租赁合同。"),
        (n, d, r) => d.T("国家队主教练").E("PERSON", n()).T("公布了参赛名单，").E("PERSON", n()).T("首次入选。"),
        (n, d, r) => d.E("PERSON", n()).T("和").E("PERSON", n()).T("是大学同学，毕业后一起创办了这家公司。"),
        (n, d, r) => d.T("我们采访了一线工人").E("PERSON", n()).T("，他每天早上六点就到车间。"),
        (n, d, r) => d.T("“质量是企业的生命。”").E("PERSON", n()).T("反复强调。"),
        (n, d, r) => d.T("在").E("PERSON", n()).T("的带领下，项目组提前两周完成了交付。"),
        (n, d, r) => d.T("获奖名单：一等奖").E("PERSON", n()).T("，二等奖").E("PERSON", n()).T("、").E("PERSON", n()).T("。"),
        (n, d, r) => d.T("副市长").E("PERSON", n()).T("一行到高新区调研企业复工情况。"),
        (n, d, r) => d.E("PERSON", n()).T("的父亲是一名老党员，常年在山区支教。"),
        (n, d, r) => d.T("小说的主人公").E("PERSON", n()).T("出生在江南的一个小镇。"),
        (n, d, r) => d.T("经过三个月的努力，").E("PERSON", n()).T("终于拿到了驾驶证。"),
        (n, d, r) => d.T("专家组组长").E("PERSON", n()).T("认为，该方案技术路线清晰、风险可控。"),
        (n, d, r) => d.T("请").E("PERSON", n()).T("同学到教务处领取证书。"),
        (n, d, r) => d.T("值班安排：周一").E("PERSON", n()).T("，周二").E("PERSON", n()).T("，周三").E("PERSON", n()).T("。"),
        (n, d, r) => d.E("PERSON", n()).T("向记者展示了他设计的第一台样机。"),
        (n, d, r) => d.T("这部电影由").E("PERSON", n()).T("执导，").E("PERSON", n()).T("担任主演。"),
        (n, d, r) => d.T("老人").E("PERSON", n()).T("今年已经九十岁，身体依然硬朗。"),
        (n, d, r) => d.T("财务部的").E("PERSON", n()).T("发现了这笔金额异常的付款。"),
        (n, d, r) => d.T("据警方通报，犯罪嫌疑人").E("PERSON", n()).T("已被依法刑事拘留。"),
        (n, d, r) => d.E("PERSON", n()).T("、").E("PERSON", n()).T("两位院士出席了开幕式。"),
        (n, d, r) => d.T("来自山东的选手").E("PERSON", n()).T("以9秒98的成绩夺冠。"),
        (n, d, r) => d.T("感谢").E("PERSON", n()).T("老师在论文写作中给予的指导。"),
        (n, d, r) => d.T("村支书").E("PERSON", n()).T("带领村民种植高山茶叶，人均收入翻了一番。"),
        (n, d, r) => d.E("PERSON", n()).T("坦言，刚开始创业时连房租都付不起。"),
        (n, d, r) => d.T("会上，").E("PERSON", n()).T("代表项目组汇报了第一季度的进展。"),
        (n, d, r) => d.T("他的妻子").E("PERSON", n()).T("是一名护士，常年在急诊科上夜班。"),
        (n, d, r) => d.T("作者").E("PERSON", n()).T("用十年时间走遍了长江沿岸的古镇。"),
        (n, d, r) => d.T("新任总经理").E("PERSON", n()).T("表示，公司将继续加大研发投入。"),
        (n, d, r) => d.T("截至周五，").E("PERSON", n()).T("已经连续加班两周。"),
        (n, d, r) => d.T("与会代表").E("PERSON", n()).T("建议，尽快出台高温津贴的实施细则。"),
        (n, d, r) => d.E("PERSON", n()).T("今年高考取得了全省第三名的好成绩。"),
        (n, d, r) => d.T("经查，").E("PERSON", n()).T("利用职务便利多次收受他人财物。"),
        (n, d, r) => d.T("研究生").E("PERSON", n()).T("和导师").E("PERSON", n()).T("合作发表了三篇论文。"),
        (n, d, r) => d.T("据目击者").E("PERSON", n()).T("回忆，事故发生在晚上八点左右。"),
        (n, d, r) => d.T("摄影师").E("PERSON", n()).T("拍下了这张照片。"),
        (n, d, r) => d.T("我叫").E("PERSON", n()).T("，来自湖南长沙，是一名软件工程师。"),
        (n, d, r) => d.T("这是").E("PERSON", n()).T("第一次参加全国比赛。"),
        (n, d, r) => d.E("PERSON", n()).T("被任命为技术中心主任，").E("PERSON", n()).T("不再担任该职务。"),
    ];

    /// <summary>Sentences with <paramref name="count"/> documents of two to four sentences each.</summary>
    public static List<LabelledDocument> Generate(int count, int seed)
    {
        var r = new Random(seed);
        var docs = new List<LabelledDocument>(count);
        for (int i = 0; i < count; i++)
        {
            var d = new DocumentBuilder(r, "names");
            int sentences = r.Next(2, 5);
            for (int k = 0; k < sentences; k++)
            {
                Templates[r.Next(Templates.Length)](() => Name(r), d, r);
            }

            docs.Add(d.Build());
        }

        return docs;
    }

    private static string Name(Random r)
    {
        int kind = r.Next(20);
        string surname = kind == 0 ? Compound[r.Next(Compound.Length)]
            : kind <= 2 ? RareSurnames[r.Next(RareSurnames.Length)].ToString()
            : CommonSurnames[r.Next(CommonSurnames.Length)].ToString();
        var given = new StringBuilder();
        int length = r.Next(100) < 30 ? 1 : 2;
        for (int i = 0; i < length; i++)
        {
            given.Append(GivenChars[r.Next(GivenChars.Length)]);
        }

        return surname + given;
    }
}
