using System.Text.RegularExpressions;

namespace Zhiku.Core.Privacy;

/// <summary>PERSON (Latin script): capitalised names after an honorific (Mr., Dr.) or a label (Name:, Dear,
/// Signed by, Regards), common given names followed by a capitalised surname, and pinyin names (Zhang Wei)
/// whose given name is made of valid pinyin syllables.</summary>
internal sealed partial class EnglishPersonRecognizer : IPiiRecognizer
{
    // Capitalised words that follow "Dear" or "Name:" without being names.
    private static readonly HashSet<string> NotNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Sir", "Madam", "Team", "All", "Customer", "Customers", "Client", "Support", "Service", "The", "This", "That", "Please",
        "Thank", "Thanks", "Best", "Kind", "Regards", "Hello", "Hi", "Dear", "Mr", "Ms", "Mrs", "Dr", "Colleagues", "Friends",
        "Partner", "Partners", "User", "Users", "Manager", "Engineer", "Admin", "Administrator", "Everyone", "Board", "Committee",
        "Department", "Company", "Group", "HR", "IT", "Finance", "Legal", "Sales", "Name", "Date", "Phone", "Email", "Address",
        "Yes", "No", "None", "Unknown", "Applicant", "Employee", "Candidate", "Tenant", "Landlord", "Patient", "See", "Attached",
        "Project", "Meeting", "Minutes", "Ticket", "Issue", "Contract", "Agreement", "Party", "Buyer", "Seller", "Owner",
    };

    [GeneratedRegex(@"(?<![A-Za-z])(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Sir|Madam|Mme|Herr|Frau)\.?[ \t]+(?<n>[A-Z][a-z]+(?:[ \t-](?:[A-Z](?:'[A-Z])?[a-z]+(?:[A-Z][a-z]+)?|[A-Z]\.)){0,2})")]
    private static partial Regex Honorific();

    [GeneratedRegex(@"(?<![A-Za-z])(?:(?i:dear|hi|hello|attn|signed by|prepared by|approved by|reviewed by|submitted by|requested by|reported by|assigned to|sincerely|regards|best regards|kind regards|cheers)[ \t]*[:,]?[ \t]*\r?\n?|(?i:name|full name|contact|contact person|applicant|employee|assignee|reporter|requester|owner|customer|client|candidate|tenant|landlord|borrower|guarantor|patient|witness|interviewer|speaker|chair|attendees|participants|from|to|cc)[ \t]*:)[ \t]*(?<n>[A-Z][a-z]+(?:[ \t-](?:[A-Z](?:'[A-Z])?[a-z]+(?:[A-Z][a-z]+)?|[A-Z]\.)){0,2})")]
    private static partial Regex Labelled();

    [GeneratedRegex(@"(?<![A-Za-z])(?<n>(?:James|John|Robert|Michael|William|David|Richard|Joseph|Thomas|Charles|Christopher|Daniel|Matthew|Anthony|Mark|Donald|Steven|Paul|Andrew|Joshua|Kenneth|Kevin|Brian|George|Timothy|Ronald|Edward|Jason|Jeffrey|Ryan|Jacob|Gary|Nicholas|Eric|Jonathan|Stephen|Larry|Justin|Scott|Brandon|Benjamin|Samuel|Gregory|Alexander|Frank|Patrick|Raymond|Jack|Dennis|Jerry|Tyler|Aaron|Jose|Adam|Nathan|Henry|Douglas|Zachary|Peter|Kyle|Ethan|Walter|Noah|Jeremy|Christian|Keith|Roger|Terry|Gerald|Harold|Sean|Austin|Carl|Arthur|Lawrence|Dylan|Jesse|Jordan|Bryan|Billy|Joe|Bruce|Gabriel|Logan|Albert|Willie|Alan|Juan|Wayne|Elijah|Randy|Roy|Vincent|Ralph|Eugene|Russell|Bobby|Mason|Philip|Louis|Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|Jessica|Sarah|Karen|Lisa|Nancy|Betty|Margaret|Sandra|Ashley|Kimberly|Emily|Donna|Michelle|Carol|Amanda|Dorothy|Melissa|Deborah|Stephanie|Rebecca|Sharon|Laura|Cynthia|Kathleen|Amy|Angela|Shirley|Anna|Brenda|Pamela|Emma|Nicole|Helen|Samantha|Katherine|Christine|Debra|Rachel|Carolyn|Janet|Catherine|Maria|Heather|Diane|Ruth|Julie|Olivia|Joyce|Virginia|Victoria|Kelly|Lauren|Christina|Joan|Evelyn|Judith|Megan|Andrea|Cheryl|Hannah|Jacqueline|Martha|Gloria|Teresa|Ann|Sara|Madison|Frances|Kathryn|Janice|Jean|Abigail|Alice|Judy|Sophia|Grace|Denise|Amber|Doris|Marilyn|Danielle|Beverly|Isabella|Theresa|Diana|Natalie|Brittany|Charlotte|Marie|Kayla|Alexis|Lori|Tom|Tim|Mike|Chris|Dave|Bob|Jim|Tony|Nick|Ben|Sam|Kate|Jane|Lucy|Amelia|Oliver|Harry|Leo|Lily|Chloe|Ella|Mia|Zoe|Jenny|Vivian|Tina|Cindy|Annie|Leon|Ivan|Oscar|Max|Felix|Hugo|Simon|Martin|Lucas|Fiona|Irene|Eva|Nina|Rose|Ruby|Wendy|Sophie|Claire|Clara)[ \t]+(?:[A-Z]\.[ \t]+)?[A-Z](?:'[A-Z])?[a-z]+(?:[A-Z][a-z]+)?(?:-[A-Z][a-z]+)?)(?![A-Za-z])")]
    private static partial Regex GivenAndSurname();

    [GeneratedRegex(@"(?<![A-Za-z])(?<n>(?:Zhang|Wang|Li|Liu|Chen|Yang|Huang|Zhao|Wu|Zhou|Xu|Sun|Zhu|Hu|Guo|Gao|Lin|Luo|Zheng|Liang|Xie|Song|Tang|Han|Feng|Deng|Cao|Peng|Zeng|Xiao|Tian|Dong|Yuan|Pan|Jiang|Cai|Ye|Cheng|Wei|Lu|Ding|Ren|Shen|Yao|Jin|Zhong|Cui|Tan|Fan|Qian|Qin|Lei|Hou|Shi|Tao|Mao|Hao|Kong|Meng|Bai|Qiu|Xiong|Ouyang|Situ|Zhuge|Shangguan)[ \t]+[A-Z][a-z]{1,12})(?![A-Za-z])")]
    private static partial Regex Pinyin();

    [GeneratedRegex(@"^(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un|ve|ue|a|o|e|i|u|v)){1,2}$")]
    private static partial Regex PinyinSyllables();

    public void Recognize(NormalizedText text, ICollection<PiiEntity> results)
    {
        string s = text.Text;
        Add(s, Honorific(), 0.92, results);
        Add(s, Labelled(), 0.85, results);
        Add(s, GivenAndSurname(), 0.8, results);
        foreach (Match m in Pinyin().Matches(s))
        {
            Group n = m.Groups["n"];
            string given = n.Value[(n.Value.LastIndexOfAny([' ', '\t']) + 1)..];
            if (PinyinSyllables().IsMatch(given.ToLowerInvariant()))
            {
                results.Add(new PiiEntity(PiiTypes.Person, n.Index, n.Index + n.Length, 0.75));
            }
        }
    }

    private static void Add(string s, Regex regex, double score, ICollection<PiiEntity> results)
    {
        foreach (Match m in regex.Matches(s))
        {
            Group n = m.Groups["n"];
            string first = n.Value.Split(' ', '\t', '-')[0];
            if (NotNames.Contains(first))
            {
                continue;
            }

            // Drop a trailing word that is not part of the name ("John Smith Phone").
            int end = n.Index + n.Length;
            string last = n.Value[(n.Value.LastIndexOfAny([' ', '\t']) + 1)..];
            if (last != n.Value && NotNames.Contains(last))
            {
                end = n.Index + n.Value.LastIndexOfAny([' ', '\t']);
            }

            results.Add(new PiiEntity(PiiTypes.Person, n.Index, end, score));
        }
    }
}
