/*
 * cameo.c: the CAMEO event-code table and the quad-class conventions.
 *
 * The coder hands every event's CAMEO code to this file; the writers in
 * emit.c ask it for the code's label, Goldstein score, quad class and PLOVER
 * category.  The table below holds every event code of the CAMEO 1.1b3
 * codebook (20 roots, 316 codes) as plain data.  docs/cameo.md says where
 * each column comes from:
 *
 *   goldstein    the CAMEO Goldstein scale as GDELT publishes it
 *                (CAMEO.goldsteinscale.txt); the six 1.1b3 codes that table
 *                lacks (106 155 176 1834 1951 1952) take their parent's value.
 *   plover       the CAMEO->PLOVER 2021 conversion table; "" for 01 and 02,
 *                which PLOVER drops.
 *   plover_mode  that table's mode, kept only when the PLOVER manual lists
 *                it for the category (a few renamed, see docs/cameo.md).
 *   label        our own short wording.
 *
 * Lookups run once per event, so a code is turned into a small integer from
 * its digits and found through a direct index built once.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "deeds.h"

/* The public entry plus the PLOVER mode, which only the PLOVER writer needs. */
typedef struct cameo_entry {
    deeds_cameo pub;
    const char *plover_mode;
} cameo_entry;

#define E(code, goldstein, plover, mode, label) \
    { { code, label, goldstein, plover }, mode }

/* In codebook order: each root, then its codes. */
static const cameo_entry cameo_table[] = {
    /* 01 Public statement */
    E("01",     0.0, "",         "",               "Public statement"),
    E("010",    0.0, "",         "",               "Statement, other or unclear"),
    E("011",   -0.1, "",         "",               "Refuse to comment"),
    E("012",   -0.4, "",         "",               "Voice pessimism"),
    E("013",    0.4, "",         "",               "Voice optimism"),
    E("014",    0.0, "",         "",               "Weigh a policy option"),
    E("015",    0.0, "",         "",               "Admit or claim responsibility"),
    E("016",   -2.0, "",         "",               "Deny being responsible"),
    E("017",    0.0, "",         "",               "Perform a symbolic gesture"),
    E("018",    3.4, "",         "",               "Express sympathy"),
    E("019",    3.4, "",         "",               "State agreement"),

    /* 02 Appeal */
    E("02",     3.0, "",         "",               "Appeal"),
    E("020",    3.0, "",         "",               "Appeal or request, general"),
    E("021",    3.4, "",         "",               "Call for material cooperation, general"),
    E("0211",   3.4, "",         "",               "Call for economic cooperation"),
    E("0212",   3.4, "",         "",               "Call for military cooperation"),
    E("0213",   3.4, "",         "",               "Call for judicial cooperation"),
    E("0214",   3.4, "",         "",               "Call for intelligence sharing"),
    E("022",    3.2, "",         "",               "Call for diplomatic cooperation or policy backing"),
    E("023",    3.4, "",         "",               "Call for aid, general"),
    E("0231",   3.4, "",         "",               "Call for economic aid"),
    E("0232",   3.4, "",         "",               "Call for military aid"),
    E("0233",   3.4, "",         "",               "Call for humanitarian aid"),
    E("0234",   3.4, "",         "",               "Call for military protection or peacekeepers"),
    E("024",   -0.3, "",         "",               "Call for political reform, general"),
    E("0241",  -0.3, "",         "",               "Call for new leadership"),
    E("0242",  -0.3, "",         "",               "Call for a change of policy"),
    E("0243",  -0.3, "",         "",               "Call for rights to be granted"),
    E("0244",  -0.3, "",         "",               "Call for institutional or regime change"),
    E("025",   -0.3, "",         "",               "Call on others to yield, general"),
    E("0251",  -0.3, "",         "",               "Call for administrative sanctions to be eased"),
    E("0252",  -0.3, "",         "",               "Call for political dissent to be eased"),
    E("0253",  -0.3, "",         "",               "Call for people or property to be released"),
    E("0254",  -0.3, "",         "",               "Call for economic sanctions, boycotts or embargoes to be eased"),
    E("0255",  -0.3, "",         "",               "Call on the target to admit international involvement (not mediation)"),
    E("0256",  -0.3, "",         "",               "Call for military de-escalation"),
    E("026",    4.0, "",         "",               "Urge others to meet or negotiate"),
    E("027",    4.0, "",         "",               "Urge others to settle a dispute"),
    E("028",    4.0, "",         "",               "Urge others to accept or join mediation"),

    /* 03 Express intent to cooperate */
    E("03",     4.0, "AGREE",    "",               "Express intent to cooperate"),
    E("030",    4.0, "AGREE",    "",               "Signal willingness to cooperate, general"),
    E("031",    5.2, "AGREE",    "",               "Signal willingness to cooperate materially, general"),
    E("0311",   5.2, "AGREE",    "",               "Signal willingness to cooperate economically"),
    E("0312",   5.2, "AGREE",    "",               "Signal willingness to cooperate militarily"),
    E("0313",   5.2, "AGREE",    "",               "Signal willingness to cooperate on judicial matters"),
    E("0314",   5.2, "AGREE",    "",               "Signal willingness to share intelligence"),
    E("032",    4.5, "AGREE",    "",               "Signal willingness to give diplomatic or policy support"),
    E("033",    5.2, "AGREE",    "",               "Pledge material aid, general"),
    E("0331",   5.2, "AGREE",    "",               "Pledge economic aid"),
    E("0332",   5.2, "AGREE",    "",               "Pledge military aid"),
    E("0333",   5.2, "AGREE",    "",               "Pledge humanitarian aid"),
    E("0334",   6.0, "AGREE",    "",               "Pledge military protection or peacekeepers"),
    E("034",    7.0, "AGREE",    "",               "Pledge political reform, general"),
    E("0341",   7.0, "AGREE",    "",               "Pledge a change of leadership"),
    E("0342",   7.0, "AGREE",    "",               "Pledge a change of policy"),
    E("0343",   7.0, "AGREE",    "",               "Pledge to grant rights"),
    E("0344",   7.0, "AGREE",    "",               "Pledge institutional or regime change"),
    E("035",    7.0, "AGREE",    "",               "Signal willingness to yield, general"),
    E("0351",   7.0, "AGREE",    "",               "Pledge to ease administrative sanctions"),
    E("0352",   7.0, "AGREE",    "",               "Pledge to ease popular dissent"),
    E("0353",   7.0, "AGREE",    "",               "Pledge to release people or property"),
    E("0354",   7.0, "AGREE",    "",               "Pledge to ease economic sanctions, boycotts or embargoes"),
    E("0355",   7.0, "AGREE",    "",               "Pledge to admit international involvement (not mediation)"),
    E("0356",   7.0, "AGREE",    "",               "Pledge military de-escalation"),
    E("036",    4.0, "AGREE",    "",               "Signal willingness to meet or negotiate"),
    E("037",    5.0, "AGREE",    "",               "Signal willingness to settle a dispute"),
    E("038",    7.0, "AGREE",    "",               "Signal willingness to accept mediation"),
    E("039",    5.0, "AGREE",    "",               "Offer to mediate"),

    /* 04 Consult */
    E("04",     1.0, "CONSULT",  "",               "Consult"),
    E("040",    1.0, "CONSULT",  "",               "Consult, general"),
    E("041",    1.0, "CONSULT",  "phone",          "Talk by telephone"),
    E("042",    1.9, "CONSULT",  "visit",          "Pay a visit"),
    E("043",    2.8, "CONSULT",  "visit",          "Receive a visit"),
    E("044",    2.5, "CONSULT",  "third-party",    "Meet at a neutral third location"),
    E("045",    5.0, "CONSULT",  "",               "Act as mediator"),
    E("046",    7.0, "CONSULT",  "",               "Hold negotiations"),

    /* 05 Diplomatic cooperation */
    E("05",     3.5, "SUPPORT",  "",               "Diplomatic cooperation"),
    E("050",    3.5, "SUPPORT",  "",               "Cooperate diplomatically, general"),
    E("051",    3.4, "SUPPORT",  "",               "Praise or endorse"),
    E("052",    3.5, "SUPPORT",  "",               "Speak in defence of"),
    E("053",    3.8, "SUPPORT",  "",               "Rally support for"),
    E("054",    6.0, "SUPPORT",  "",               "Extend diplomatic recognition"),
    E("055",    7.0, "SUPPORT",  "",               "Offer an apology"),
    E("056",    7.0, "SUPPORT",  "",               "Pardon or forgive"),
    E("057",    8.0, "SUPPORT",  "",               "Sign a formal agreement"),

    /* 06 Material cooperation */
    E("06",     6.0, "COOPERATE", "",               "Material cooperation"),
    E("060",    6.0, "COOPERATE", "",               "Cooperate materially, general"),
    E("061",    6.4, "COOPERATE", "",               "Cooperate on the economy"),
    E("062",    7.4, "COOPERATE", "",               "Cooperate on military matters"),
    E("063",    7.4, "COOPERATE", "",               "Cooperate on judicial matters"),
    E("064",    7.0, "COOPERATE", "",               "Share intelligence or information"),

    /* 07 Provide aid */
    E("07",     7.0, "AID",      "",               "Provide aid"),
    E("070",    7.0, "AID",      "",               "Give aid, general"),
    E("071",    7.4, "AID",      "",               "Give economic aid"),
    E("072",    8.3, "AID",      "",               "Give military aid"),
    E("073",    7.4, "AID",      "",               "Give humanitarian aid"),
    E("074",    8.5, "AID",      "",               "Give military protection or peacekeepers"),
    E("075",    7.0, "AID",      "",               "Grant asylum to"),

    /* 08 Yield */
    E("08",     5.0, "CONCEDE",  "",               "Yield"),
    E("080",    5.0, "CONCEDE",  "",               "Yield, general"),
    E("081",    5.0, "CONCEDE",  "",               "Ease administrative sanctions, general"),
    E("0811",   5.0, "CONCEDE",  "",               "Relax limits on political freedoms"),
    E("0812",   5.0, "CONCEDE",  "",               "Lift a ban on parties or politicians"),
    E("0813",   5.0, "RETREAT",  "",               "Lift or relax a curfew"),
    E("0814",   5.0, "RETREAT",  "",               "Lift a state of emergency or martial law"),
    E("082",    5.0, "CONCEDE",  "",               "Ease pressure on political dissent"),
    E("083",    5.0, "CONCEDE",  "",               "Give in to demands for political reform, general"),
    E("0831",   5.0, "CONCEDE",  "",               "Give in to demands for new leadership"),
    E("0832",   5.0, "CONCEDE",  "",               "Give in to demands for a policy change"),
    E("0833",   5.0, "CONCEDE",  "",               "Give in to demands for rights"),
    E("0834",   5.0, "CONCEDE",  "",               "Give in to demands for institutional or regime change"),
    E("084",    7.0, "RETREAT",  "",               "Return or release, general"),
    E("0841",   7.0, "RETREAT",  "release",        "Release or hand back people"),
    E("0842",   7.0, "RETREAT",  "",               "Hand back property"),
    E("085",    7.0, "RETREAT",  "",               "Ease economic sanctions, boycotts or embargoes"),
    E("086",    9.0, "RETREAT",  "access",         "Admit international involvement, general"),
    E("0861",   9.0, "RETREAT",  "access",         "Accept peacekeepers"),
    E("0862",   9.0, "RETREAT",  "access",         "Admit inspectors"),
    E("0863",   9.0, "RETREAT",  "access",         "Let humanitarian aid through"),
    E("087",    9.0, "RETREAT",  "disarm",         "De-escalate militarily"),
    E("0871",   9.0, "RETREAT",  "ceasefire",      "Declare a truce or ceasefire"),
    E("0872",   9.0, "RETREAT",  "withdraw",       "Relax a military blockade"),
    E("0873",   9.0, "RETREAT",  "disarm",         "Stand down armed forces"),
    E("0874",  10.0, "RETREAT",  "disarm",         "Withdraw or surrender militarily"),

    /* 09 Investigate */
    E("09",    -2.0, "ACCUSE",   "",               "Investigate"),
    E("090",   -2.0, "ACCUSE",   "investigate",    "Investigate, general"),
    E("091",   -2.0, "ACCUSE",   "investigate",    "Investigate crime or corruption"),
    E("092",   -2.0, "ACCUSE",   "investigate",    "Investigate human rights abuses"),
    E("093",   -2.0, "ACCUSE",   "investigate",    "Investigate military actions"),
    E("094",   -2.0, "ACCUSE",   "investigate",    "Investigate war crimes"),

    /* 10 Demand */
    E("10",    -5.0, "REQUEST",  "",               "Demand"),
    E("100",   -5.0, "REQUEST",  "",               "Demand, general"),
    E("101",   -5.0, "REQUEST",  "assist",         "Demand material cooperation, general"),
    E("1011",  -5.0, "REQUEST",  "assist",         "Demand economic cooperation"),
    E("1012",  -5.0, "REQUEST",  "assist",         "Demand military cooperation"),
    E("1013",  -5.0, "REQUEST",  "assist",         "Demand judicial cooperation"),
    E("1014",  -5.0, "REQUEST",  "assist",         "Demand intelligence sharing"),
    E("102",   -5.0, "REQUEST",  "assist",         "Demand diplomatic cooperation or policy backing"),
    E("103",   -5.0, "REQUEST",  "assist",         "Demand aid, general"),
    E("1031",  -5.0, "REQUEST",  "assist",         "Demand economic aid"),
    E("1032",  -5.0, "REQUEST",  "assist",         "Demand military aid"),
    E("1033",  -5.0, "REQUEST",  "assist",         "Demand humanitarian aid"),
    E("1034",  -5.0, "REQUEST",  "assist",         "Demand military protection or peacekeepers"),
    E("104",   -5.0, "REQUEST",  "change",         "Demand political reform, general"),
    E("1041",  -5.0, "REQUEST",  "change",         "Demand new leadership"),
    E("1042",  -5.0, "REQUEST",  "change",         "Demand a change of policy"),
    E("1043",  -5.0, "REQUEST",  "change",         "Demand rights"),
    E("1044",  -5.0, "REQUEST",  "change",         "Demand institutional or regime change"),
    E("105",   -5.0, "REQUEST",  "change",         "Demand that the target yield, general"),
    E("1051",  -5.0, "REQUEST",  "yield",          "Demand easing of administrative sanctions"),
    E("1052",  -5.0, "REQUEST",  "yield",          "Demand easing of political dissent"),
    E("1053",  -5.0, "REQUEST",  "yield",          "Demand release of people or property"),
    E("1054",  -5.0, "REQUEST",  "yield",          "Demand easing of economic sanctions, boycotts or embargoes"),
    E("1055",  -5.0, "REQUEST",  "yield",          "Demand that the target admit international involvement (not mediation)"),
    E("1056",  -5.0, "REQUEST",  "yield",          "Demand military de-escalation"),
    E("106",   -5.0, "REQUEST",  "meet",           "Demand a meeting or negotiations"),
    E("107",   -5.0, "REQUEST",  "meet",           "Demand that a dispute be settled"),
    E("108",   -5.0, "REQUEST",  "meet",           "Demand mediation"),

    /* 11 Disapprove */
    E("11",    -2.0, "ACCUSE",   "",               "Disapprove"),
    E("110",   -2.0, "ACCUSE",   "disapprove",     "Disapprove, general"),
    E("111",   -2.0, "ACCUSE",   "disapprove",     "Criticise or condemn"),
    E("112",   -2.0, "ACCUSE",   "disapprove",     "Accuse, general"),
    E("1121",  -2.0, "ACCUSE",   "allege",         "Accuse of crime or corruption"),
    E("1122",  -2.0, "ACCUSE",   "allege",         "Accuse of human rights abuses"),
    E("1123",  -2.0, "ACCUSE",   "allege",         "Accuse of aggression"),
    E("1124",  -2.0, "ACCUSE",   "allege",         "Accuse of war crimes"),
    E("1125",  -2.0, "ACCUSE",   "allege",         "Accuse of spying or treason"),
    E("113",   -2.0, "ACCUSE",   "disapprove",     "Rally opposition to"),
    E("114",   -2.0, "ACCUSE",   "allege",         "Lodge an official complaint"),
    E("115",   -2.0, "ACCUSE",   "allege",         "Sue or take to court"),
    E("116",   -2.0, "ACCUSE",   "disapprove",     "Find guilty or liable in court"),

    /* 12 Reject */
    E("12",    -4.0, "REJECT",   "",               "Reject"),
    E("120",   -4.0, "REJECT",   "",               "Reject, general"),
    E("121",   -4.0, "REJECT",   "assist",         "Turn down material cooperation, general"),
    E("1211",  -4.0, "REJECT",   "assist",         "Turn down economic cooperation"),
    E("1212",  -4.0, "REJECT",   "assist",         "Turn down military cooperation"),
    E("122",   -4.0, "REJECT",   "assist",         "Turn down a request for aid, general"),
    E("1221",  -4.0, "REJECT",   "assist",         "Turn down a request for economic aid"),
    E("1222",  -4.0, "REJECT",   "assist",         "Turn down a request for military aid"),
    E("1223",  -4.0, "REJECT",   "assist",         "Turn down a request for humanitarian aid"),
    E("1224",  -4.0, "REJECT",   "assist",         "Turn down a request for military protection or peacekeepers"),
    E("123",   -4.0, "REJECT",   "change",         "Turn down demands for political reform, general"),
    E("1231",  -4.0, "REJECT",   "change",         "Turn down demands for new leadership"),
    E("1232",  -4.0, "REJECT",   "change",         "Turn down demands for a policy change"),
    E("1233",  -4.0, "REJECT",   "change",         "Turn down demands for rights"),
    E("1234",  -4.0, "REJECT",   "change",         "Turn down demands for institutional or regime change"),
    E("124",   -4.0, "REJECT",   "change",         "Refuse to yield, general"),
    E("1241",  -4.0, "REJECT",   "change",         "Refuse to ease administrative sanctions"),
    E("1242",  -4.0, "REJECT",   "change",         "Refuse to ease popular dissent"),
    E("1243",  -4.0, "REJECT",   "yield",          "Refuse to release people or property"),
    E("1244",  -4.0, "REJECT",   "yield",          "Refuse to ease economic sanctions, boycotts or embargoes"),
    E("1245",  -4.0, "REJECT",   "yield",          "Refuse to admit international involvement (not mediation)"),
    E("1246",  -4.0, "REJECT",   "yield",          "Refuse to de-escalate militarily"),
    E("125",   -5.0, "REJECT",   "meet",           "Turn down a proposal to meet or negotiate"),
    E("126",   -5.0, "REJECT",   "meet",           "Turn down mediation"),
    E("127",   -5.0, "REJECT",   "meet",           "Turn down a plan or agreement to settle a dispute"),
    E("128",   -5.0, "REJECT",   "yield",          "Defy norms or the law"),
    E("129",   -5.0, "REJECT",   "yield",          "Veto a decision"),

    /* 13 Threaten */
    E("13",    -6.0, "THREATEN", "",               "Threaten"),
    E("130",   -4.4, "THREATEN", "",               "Threaten, general"),
    E("131",   -5.8, "THREATEN", "",               "Threaten non-military measures, general"),
    E("1311",  -5.8, "THREATEN", "relations",      "Threaten to cut or stop aid"),
    E("1312",  -5.8, "THREATEN", "restrict",       "Threaten sanctions, boycott or embargo"),
    E("1313",  -5.8, "THREATEN", "relations",      "Threaten to downgrade or cut relations"),
    E("132",   -5.8, "THREATEN", "restrict",       "Threaten administrative sanctions, general"),
    E("1321",  -5.8, "THREATEN", "restrict",       "Threaten to curb political freedoms"),
    E("1322",  -5.8, "THREATEN", "restrict",       "Threaten to ban parties or politicians"),
    E("1323",  -5.8, "THREATEN", "restrict",       "Threaten a curfew"),
    E("1324",  -5.8, "THREATEN", "restrict",       "Threaten a state of emergency or martial law"),
    E("133",   -5.8, "THREATEN", "relations",      "Threaten protest or political dissent"),
    E("134",   -5.8, "THREATEN", "relations",      "Threaten to break off negotiations"),
    E("135",   -5.8, "THREATEN", "relations",      "Threaten to break off mediation"),
    E("136",   -7.0, "THREATEN", "expel",          "Threaten to end international involvement (not mediation)"),
    E("137",   -7.0, "THREATEN", "violence",       "Threaten repression"),
    E("138",   -7.0, "THREATEN", "violence",       "Threaten military force, general"),
    E("1381",  -7.0, "THREATEN", "restrict",       "Threaten a blockade"),
    E("1382",  -7.0, "THREATEN", "territory",      "Threaten to occupy territory"),
    E("1383",  -7.0, "THREATEN", "violence",       "Threaten unconventional violence"),
    E("1384",  -7.0, "THREATEN", "violence",       "Threaten a conventional military attack"),
    E("1385",  -7.0, "THREATEN", "violence",       "Threaten to use weapons of mass destruction"),
    E("139",   -7.0, "THREATEN", "relations",      "Issue an ultimatum"),

    /* 14 Protest */
    E("14",    -6.5, "PROTEST",  "",               "Protest"),
    E("140",   -6.5, "PROTEST",  "",               "Political dissent, general"),
    E("141",   -6.5, "PROTEST",  "demo",           "Hold a demonstration or rally, general"),
    E("1411",  -6.5, "PROTEST",  "demo",           "Demonstrate for new leadership"),
    E("1412",  -6.5, "PROTEST",  "demo",           "Demonstrate for a policy change"),
    E("1413",  -6.5, "PROTEST",  "demo",           "Demonstrate for rights"),
    E("1414",  -6.5, "PROTEST",  "demo",           "Demonstrate for institutional or regime change"),
    E("142",   -6.5, "PROTEST",  "hunger",         "Go on hunger strike, general"),
    E("1421",  -6.5, "PROTEST",  "hunger",         "Hunger strike for new leadership"),
    E("1422",  -6.5, "PROTEST",  "hunger",         "Hunger strike for a policy change"),
    E("1423",  -6.5, "PROTEST",  "hunger",         "Hunger strike for rights"),
    E("1424",  -6.5, "PROTEST",  "hunger",         "Hunger strike for institutional or regime change"),
    E("143",   -6.5, "PROTEST",  "boycott",        "Strike or boycott, general"),
    E("1431",  -6.5, "PROTEST",  "boycott",        "Strike or boycott for new leadership"),
    E("1432",  -6.5, "PROTEST",  "boycott",        "Strike or boycott for a policy change"),
    E("1433",  -6.5, "PROTEST",  "boycott",        "Strike or boycott for rights"),
    E("1434",  -6.5, "PROTEST",  "boycott",        "Strike or boycott for institutional or regime change"),
    E("144",   -7.5, "PROTEST",  "obstruct",       "Block passage or access, general"),
    E("1441",  -7.5, "PROTEST",  "obstruct",       "Block passage to demand new leadership"),
    E("1442",  -7.5, "PROTEST",  "obstruct",       "Block passage to demand a policy change"),
    E("1443",  -7.5, "PROTEST",  "obstruct",       "Block passage to demand rights"),
    E("1444",  -7.5, "PROTEST",  "obstruct",       "Block passage to demand institutional or regime change"),
    E("145",   -7.5, "PROTEST",  "riot",           "Riot or protest violently, general"),
    E("1451",  -7.5, "PROTEST",  "riot",           "Riot for new leadership"),
    E("1452",  -7.5, "PROTEST",  "riot",           "Riot for a policy change"),
    E("1453",  -7.5, "PROTEST",  "riot",           "Riot for rights"),
    E("1454",  -7.5, "PROTEST",  "riot",           "Riot for institutional or regime change"),

    /* 15 Show of force */
    E("15",    -7.2, "MOBILIZE", "",               "Show of force"),
    E("150",   -7.2, "MOBILIZE", "",               "Display military or police power, general"),
    E("151",   -7.2, "MOBILIZE", "police",         "Raise police alert level"),
    E("152",   -7.2, "MOBILIZE", "troops",         "Raise military alert level"),
    E("153",   -7.2, "MOBILIZE", "police",         "Mobilise or reinforce police"),
    E("154",   -7.2, "MOBILIZE", "troops",         "Mobilise or reinforce armed forces"),
    E("155",   -7.2, "MOBILIZE", "weapons",        "Mobilise or build up cyber forces"),

    /* 16 Reduce relations */
    E("16",    -4.0, "SANCTION", "",               "Reduce relations"),
    E("160",   -4.0, "SANCTION", "",               "Reduce relations, general"),
    E("161",   -4.0, "SANCTION", "withdraw",       "Downgrade or cut diplomatic relations"),
    E("162",   -5.6, "SANCTION", "discontinue",    "Cut or stop material aid, general"),
    E("1621",  -5.6, "SANCTION", "discontinue",    "Cut or stop economic aid"),
    E("1622",  -5.6, "SANCTION", "discontinue",    "Cut or stop military aid"),
    E("1623",  -5.6, "SANCTION", "discontinue",    "Cut or stop humanitarian aid"),
    E("163",   -8.0, "COERCE",   "restrict",       "Impose sanctions, a boycott or an embargo"),
    E("164",   -7.0, "SANCTION", "withdraw",       "Break off negotiations"),
    E("165",   -6.5, "SANCTION", "withdraw",       "Break off mediation"),
    E("166",   -7.0, "SANCTION", "expel",          "Expel or pull out, general"),
    E("1661",  -7.0, "SANCTION", "expel",          "Expel or pull out peacekeepers"),
    E("1662",  -7.0, "SANCTION", "expel",          "Expel or pull out inspectors or observers"),
    E("1663",  -7.0, "SANCTION", "expel",          "Expel or pull out aid agencies"),

    /* 17 Coerce */
    E("17",    -7.0, "COERCE",   "",               "Coerce"),
    E("170",   -7.0, "COERCE",   "",               "Coerce, general"),
    E("171",   -9.2, "COERCE",   "seize",          "Seize or damage property, general"),
    E("1711",  -9.2, "COERCE",   "seize",          "Confiscate property"),
    E("1712",  -9.2, "ASSAULT",  "destroy",        "Destroy property"),
    E("172",   -5.0, "COERCE",   "restrict",       "Impose administrative sanctions, general"),
    E("1721",  -5.0, "COERCE",   "restrict",       "Curb political freedoms"),
    E("1722",  -5.0, "COERCE",   "restrict",       "Ban parties or politicians"),
    E("1723",  -5.0, "COERCE",   "curfew",         "Impose a curfew"),
    E("1724",  -5.0, "COERCE",   "martial-law",    "Declare a state of emergency or martial law"),
    E("173",   -5.0, "COERCE",   "arrest",         "Arrest, detain or charge"),
    E("174",   -5.0, "COERCE",   "deport",         "Deport or expel individuals"),
    E("175",   -9.0, "ASSAULT",  "",               "Use violent repression"),
    E("176",   -7.0, "COERCE",   "cyber",          "Carry out a cyber attack"),

    /* 18 Assault */
    E("18",    -9.0, "ASSAULT",  "",               "Assault"),
    E("180",   -9.0, "ASSAULT",  "",               "Unconventional violence, general"),
    E("181",   -9.0, "ASSAULT",  "abduct",         "Abduct, hijack or take hostages"),
    E("182",   -9.5, "ASSAULT",  "beat",           "Physical assault, general"),
    E("1821",  -9.0, "ASSAULT",  "sexual",         "Sexual assault"),
    E("1822",  -9.0, "ASSAULT",  "torture",        "Torture someone"),
    E("1823", -10.0, "ASSAULT",  "",               "Kill by physical assault"),
    E("183",  -10.0, "ASSAULT",  "suicide-attack", "Non-military bombing, general"),
    E("1831", -10.0, "ASSAULT",  "suicide-attack", "Suicide bombing"),
    E("1832", -10.0, "ASSAULT",  "explosives",     "Car or vehicle bombing"),
    E("1833", -10.0, "ASSAULT",  "explosives",     "Roadside bombing"),
    E("1834", -10.0, "ASSAULT",  "explosives",     "Bombing with a pre-placed device"),
    E("184",   -8.0, "ASSAULT",  "abduct",         "Use people as human shields"),
    E("185",   -8.0, "ASSAULT",  "targeted",       "Attempt an assassination"),
    E("186",  -10.0, "ASSAULT",  "targeted",       "Assassinate"),

    /* 19 Fight */
    E("19",   -10.0, "ASSAULT",  "",               "Fight"),
    E("190",  -10.0, "ASSAULT",  "",               "Use conventional military force, general"),
    E("191",   -9.5, "COERCE",   "restrict",       "Blockade or restrict movement"),
    E("192",   -9.5, "COERCE",   "seize",          "Occupy territory"),
    E("193",  -10.0, "ASSAULT",  "firearms",       "Fight with small arms and light weapons"),
    E("194",  -10.0, "ASSAULT",  "heavy-weapons",  "Fight with artillery and tanks"),
    E("195",  -10.0, "ASSAULT",  "heavy-weapons",  "Use aerial weapons, general"),
    E("1951", -10.0, "ASSAULT",  "aerial",         "Use precision-guided air munitions"),
    E("1952", -10.0, "ASSAULT",  "drone",          "Use drones or remotely piloted munitions"),
    E("196",   -9.5, "ASSAULT",  "",               "Break a ceasefire"),

    /* 20 Unconventional mass violence */
    E("20",   -10.0, "ASSAULT",  "",               "Unconventional mass violence"),
    E("200",  -10.0, "ASSAULT",  "",               "Mass violence, general"),
    E("201",   -9.5, "ASSAULT",  "",               "Mass expulsion"),
    E("202",  -10.0, "ASSAULT",  "",               "Mass killing"),
    E("203",  -10.0, "ASSAULT",  "",               "Ethnic cleansing"),
    E("204",  -10.0, "ASSAULT",  "unconventional", "Use weapons of mass destruction, general"),
    E("2041", -10.0, "ASSAULT",  "unconventional", "Use chemical, biological or radiological weapons"),
    E("2042", -10.0, "ASSAULT",  "unconventional", "Set off a nuclear weapon"),
};
#undef E

#define CAMEO_COUNT (sizeof cameo_table / sizeof cameo_table[0])

/* Index keys: two-digit roots 01-20 take 0..20, three-digit codes (root at
 * most 20, so at most 209) 21..230, four-digit codes (at most 2099)
 * 231..2330. */
#define KEY_BASE3 21
#define KEY_BASE4 (KEY_BASE3 + 210)
#define KEY_COUNT (KEY_BASE4 + 2100)

/* cameo_index[key] is the table position plus one; 0 means no such code. */
static uint16_t cameo_index[KEY_COUNT];
static pthread_once_t cameo_index_once = PTHREAD_ONCE_INIT;

/* Returns the index key of a CAMEO code string, or -1 when code is not two
 * to four ASCII digits under a root from 01 to 20. */
static int code_key(const char *code)
{
    if (!code)
        return -1;
    int value = 0;
    size_t n = 0;
    for (; code[n]; n++) {
        if (n == 4 || code[n] < '0' || code[n] > '9')
            return -1;
        value = value * 10 + (code[n] - '0');
    }
    switch (n) {
    case 2: return value >= 1 && value <= 20 ? value : -1;
    case 3: return value >= 10 && value < 210 ? KEY_BASE3 + value : -1;
    case 4: return value >= 100 && value < 2100 ? KEY_BASE4 + value : -1;
    default: return -1;
    }
}

static void cameo_index_build(void)
{
    for (size_t i = 0; i < CAMEO_COUNT; i++)
        cameo_index[code_key(cameo_table[i].pub.code)] = (uint16_t)(i + 1);
}

static const cameo_entry *entry_lookup(const char *code)
{
    int key = code_key(code);
    if (key < 0)
        return NULL;
    pthread_once(&cameo_index_once, cameo_index_build);
    unsigned pos = cameo_index[key];
    return pos ? &cameo_table[pos - 1] : NULL;
}

const deeds_cameo *deeds_cameo_lookup(const char *code)
{
    const cameo_entry *e = entry_lookup(code);
    return e ? &e->pub : NULL;
}

const char *deeds_cameo_plover_mode(const char *code)
{
    const cameo_entry *e = entry_lookup(code);
    return e ? e->plover_mode : NULL;
}

const deeds_cameo *deeds_cameo_at(size_t i)
{
    return i < CAMEO_COUNT ? &cameo_table[i].pub : NULL;
}

int deeds_quad_convention_parse(const char *name)
{
    if (!name)
        return -1;
    if (!strcasecmp(name, "gdelt"))
        return DEEDS_QUAD_GDELT;
    if (!strcasecmp(name, "icews"))
        return DEEDS_QUAD_ICEWS;
    if (!strcasecmp(name, "phoenix"))
        return DEEDS_QUAD_PHOENIX;
    return -1;
}

/* Quad class of each root (index 1..20) under each convention; 0 is the
 * Phoenix "neutral" class.  The conventions differ only on 01-02, 09, 14 and
 * 16 (docs/cameo.md has them side by side):
 *   GDELT    01-05 1, 06-09 2, 10-14 3, 15-20 4
 *   ICEWS    01-05 1, 06-08 2, 09-13 3, 14-20 4
 *   Phoenix  01-02 0, 03-05 1, 06-08 2, 09-13 and 16 3, 14-15 and 17-20 4 */
static const signed char root_quad[3][21] = {
    [DEEDS_QUAD_GDELT] =
        { -1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4 },
    [DEEDS_QUAD_ICEWS] =
        { -1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4, 4, 4 },
    [DEEDS_QUAD_PHOENIX] =
        { -1, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 3, 4, 4, 4, 4 },
};

int deeds_cameo_quad(const char *code, deeds_quad_convention conv)
{
    if ((unsigned)conv > DEEDS_QUAD_PHOENIX || !deeds_cameo_lookup(code))
        return -1;
    int root = (code[0] - '0') * 10 + (code[1] - '0');
    return root_quad[conv][root];
}
