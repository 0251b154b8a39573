/** Names and places the city's persons are made of (common Chinese surnames in rough order of frequency). */

export const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';

export const BOY_NAMES = [
  '浩然', '宇轩', '俊熙', '思远', '明哲', '天佑', '博文', '子墨', '一鸣', '梓豪', '皓轩', '承泽', '奕辰', '嘉懿', '文博', '睿', '泽宇', '昊天',
  '宸', '子昂', '铭', '晨阳', '沐阳', '景行', '煜', '逸凡', '浩宇', '俊杰', '子轩', '宇航', '一帆', '梓睿', '锦程', '思源', '星宇', '安',
];
export const GIRL_NAMES = [
  '子涵', '欣怡', '梓萱', '一诺', '雨桐', '若曦', '可馨', '嘉怡', '语嫣', '诗琪', '梦瑶', '雨欣', '思彤', '芷若', '佳琪', '安然', '晓雯', '婉清',
  '悦', '静怡', '若彤', '紫萱', '沐晴', '清妍', '书瑶', '乐萱', '诗涵', '依诺', '语桐', '思琪', '欣然', '雨萱', '若汐', '心怡', '梓涵', '琳',
];
export const MAN_NAMES = ['国强', '志明', '建华', '伟', '军', '海涛', '晓东', '永刚', '建平', '勇', '俊', '立新', '振华', '学文', '宏伟', '磊', '涛', '斌', '鹏', '健'];
export const WOMAN_NAMES = ['丽华', '美玲', '春梅', '海燕', '静', '丽', '敏', '艳', '芳', '霞', '红梅', '晓燕', '秀梅', '玉兰', '慧', '娟', '婷', '雪梅', '燕', '颖'];
export const OLD_MAN_NAMES = ['建国', '永福', '德华', '卫东', '金生', '福根', '国华', '建军', '长根', '志刚', '荣生', '阿大'];
export const OLD_WOMAN_NAMES = ['秀英', '桂兰', '玉珍', '淑芬', '金凤', '桂英', '秀珍', '凤英', '彩英', '阿妹', '月娥', '美英'];

export const ETHNICITIES = ['回族', '满族', '蒙古族', '苗族', '壮族', '土家族', '彝族', '朝鲜族'];
export const MOBILE_PREFIXES = ['39', '38', '37', '36', '35', '58', '59', '88', '87', '50', '77', '89'];
export const ROADS = ['人民路', '中山路', '解放路', '建设路', '新华路', '青年路', '文化路', '学府路', '长江路', '湖滨路', '东环路', '西环路'];

/** Where persons of a hukou elsewhere come from: county codes that exist (GB/T 2260), with the place's name. */
export const ELSEWHERE = [
  { code: '340102', place: '安徽省合肥市瑶海区' },
  { code: '341202', place: '安徽省阜阳市颍州区' },
  { code: '411102', place: '河南省漯河市源汇区' },
  { code: '411602', place: '河南省周口市川汇区' },
  { code: '321302', place: '江苏省宿迁市宿城区' },
  { code: '320321', place: '江苏省徐州市丰县' },
  { code: '510104', place: '四川省成都市锦江区' },
  { code: '361002', place: '江西省抚州市临川区' },
  { code: '430102', place: '湖南省长沙市芙蓉区' },
  { code: '370102', place: '山东省济南市历下区' },
  { code: '420102', place: '湖北省武汉市江岸区' },
  { code: '522601', place: '贵州省黔东南苗族侗族自治州凯里市' },
];

/** The certificate of an exemption identity, when a family shows papers instead of a department's list. */
export const CERTIFICATES: Record<string, string> = {
  dibao: '最低生活保障证',
  tekun: '特困人员救助供养证',
  orphan: '孤儿证',
  fanpin_monitor: '防止返贫监测对象认定书',
  disabled: '中华人民共和国残疾人证',
};

/** How often each identity is held among the exempt (3% of persons): by minors and by adults. */
export const IDENTITY_WEIGHTS: Record<string, { minor: number; adult: number }> = {
  dibao: { minor: 50, adult: 45 },
  tekun: { minor: 4, adult: 25 },
  orphan: { minor: 12, adult: 0 },
  fanpin_monitor: { minor: 30, adult: 20 },
};
export const OTHER_IDENTITY_WEIGHT = { minor: 6, adult: 12 };

export const UNINSURED_REASON_WEIGHTS: Array<readonly [string, number, string | null]> = [
  ['family_declines', 35, null],
  ['unreachable', 20, null],
  ['insured_elsewhere', 25, null],
  ['employee_insurance', 8, null],
  ['other', 12, '家长表示下月再缴'],
];

/** Per-person channels and their weights: a school's families, and a community's residents. */
export const CHANNELS_SCHOOL: Array<readonly [string, number]> = [
  ['wechat', 28], ['alipay', 22], ['tax', 18], ['app', 8], ['mini_program', 7], ['bank_counter', 7], ['pos', 4], ['kiosk', 3], ['card_deduction', 3],
];
export const CHANNELS_COMMUNITY: Array<readonly [string, number]> = [
  ['tax', 32], ['wechat', 18], ['alipay', 14], ['bank_counter', 14], ['app', 6], ['kiosk', 6], ['card_deduction', 6], ['pos', 4],
];
/** Channels with an online interface (an order per notice); the others arrive only through paid rosters. */
export const ONLINE_CHANNELS = new Set(['wechat', 'alipay', 'app', 'mini_program']);
