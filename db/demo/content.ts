/**
 * Chinese text pools for the demo: names, places, articles, links, groups, questions and
 * chat lines. Kept apart from catalog.ts because none of it has ids in the database.
 */
import type { PreferenceCategory, Region } from './catalog.ts'

export const SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 72], ['李', 72], ['张', 68], ['刘', 55], ['陈', 50], ['杨', 32], ['黄', 25], ['赵', 24], ['吴', 22], ['周', 21],
  ['徐', 17], ['孙', 16], ['马', 15], ['朱', 14], ['胡', 13], ['郭', 12], ['何', 12], ['林', 12], ['高', 11], ['罗', 10],
  ['郑', 10], ['梁', 9], ['谢', 8], ['宋', 8], ['唐', 8], ['许', 7], ['韩', 7], ['冯', 7], ['邓', 7], ['曹', 6],
  ['彭', 6], ['曾', 6], ['肖', 6], ['田', 5], ['董', 5], ['潘', 5], ['袁', 5], ['蔡', 5], ['蒋', 5], ['余', 5],
  ['于', 4], ['杜', 4], ['叶', 4], ['程', 4], ['魏', 4], ['苏', 4], ['吕', 4], ['丁', 4], ['任', 4], ['沈', 4],
  ['姚', 3], ['卢', 3], ['钟', 3], ['姜', 3], ['崔', 3], ['谭', 3], ['陆', 3], ['范', 3], ['汪', 3], ['廖', 3],
  ['石', 3], ['金', 3], ['韦', 2], ['贾', 2], ['夏', 2], ['方', 2], ['邹', 2], ['熊', 2], ['白', 2], ['孟', 2],
  ['秦', 2], ['邱', 2], ['侯', 2], ['江', 2], ['尹', 2], ['薛', 2], ['段', 2], ['雷', 2], ['黎', 2], ['顾', 2],
  ['欧阳', 1], ['上官', 0.3], ['司马', 0.3],
]

export const FEMALE_GIVEN = [
  '静', '丽', '敏', '婷', '雪', '芳', '娜', '丹', '倩', '琳', '燕', '艳', '慧', '颖', '霞', '莉', '萍', '蕾', '洁', '璐',
  '晓雯', '雨欣', '思琪', '欣怡', '佳怡', '梦瑶', '婉婷', '慧敏', '玉兰', '秀英', '桂芳', '淑珍', '丽娟', '晓燕', '文静',
  '子涵', '诗涵', '可馨', '雅琪', '一诺', '佳琪', '梓萱', '晓琳', '春梅', '海燕', '美玲', '雪梅', '晓丽', '红霞', '丽华',
  '嘉欣', '若曦', '思雨', '晨曦', '心怡', '亚楠', '佩佩', '悦', '楠', '月',
] as const

export const MALE_GIVEN = [
  '伟', '强', '磊', '军', '洋', '勇', '杰', '涛', '明', '超', '鹏', '斌', '波', '辉', '刚', '健', '峰', '亮', '宇', '浩',
  '浩然', '子轩', '宇航', '俊杰', '志强', '建华', '国庆', '海峰', '文博', '晨阳', '志明', '建国', '立伟', '家豪', '嘉俊',
  '天宇', '思远', '一鸣', '振华', '永强',
] as const

/** WeChat nicknames: many customers are known by one until a staff member sets a remark. */
export const NICKNAMES = [
  '小确幸', '阳光明媚', 'Coco', '静待花开', '一只橙子', 'Amy', '岁月静好', '开心果', '糖糖', '木子李', '向日葵', 'Sunny',
  '悠然', '晴天', '蓝色天空', '花开富贵', '平安是福', 'Lily', '大白', '小鱼儿', '知足常乐', '微笑向暖', '简单就好', 'Grace',
  '吃货一枚', '麦兜', '暖阳', '清风徐来', '柠檬不萌', '喵小姐', 'Vivian', '逗逗妈', '桃子', 'momo', '七七', '安之若素',
] as const

export interface PlaceDef { province: string, city: string, region: Region, weight: number }
const PLACE_ROWS: readonly (readonly [string, string, Region, number])[] = [
  ['上海', '上海', '华东', 16], ['江苏', '南京', '华东', 6], ['江苏', '苏州', '华东', 6], ['江苏', '无锡', '华东', 3],
  ['浙江', '杭州', '华东', 8], ['浙江', '宁波', '华东', 4], ['浙江', '温州', '华东', 2], ['安徽', '合肥', '华东', 3],
  ['山东', '济南', '华东', 2], ['山东', '青岛', '华东', 3],
  ['广东', '广州', '华南', 8], ['广东', '深圳', '华南', 9], ['广东', '佛山', '华南', 3], ['广东', '东莞', '华南', 2],
  ['福建', '厦门', '华南', 3], ['福建', '福州', '华南', 2], ['广西', '南宁', '华南', 1], ['海南', '海口', '华南', 1],
  ['北京', '北京', '华北', 10], ['天津', '天津', '华北', 3], ['河北', '石家庄', '华北', 2], ['山西', '太原', '华北', 1],
  ['辽宁', '沈阳', '华北', 1], ['辽宁', '大连', '华北', 1],
  ['四川', '成都', '其他', 5], ['重庆', '重庆', '其他', 3], ['湖北', '武汉', '其他', 4], ['湖南', '长沙', '其他', 3],
  ['河南', '郑州', '其他', 2], ['陕西', '西安', '其他', 2], ['江西', '南昌', '其他', 1], ['云南', '昆明', '其他', 1],
]
export const PLACES: readonly PlaceDef[] = PLACE_ROWS.map(([province, city, region, weight]) => ({ province, city, region, weight }))

/** Mobile prefixes of the three carriers; the rest of the number is made unique elsewhere. */
export const PHONE_PREFIXES = ['138', '139', '137', '136', '135', '150', '151', '152', '158', '159', '186', '187', '188', '177', '180', '189', '199', '133', '153', '181'] as const

export interface ArticleDef { title: string, category: PreferenceCategory | null, url: string }
const ARTICLE_ROWS: readonly (readonly [string, PreferenceCategory | null, string])[] = [
  ['燕窝怎么吃才有效？', '燕窝', 'yanwo-how-to-eat'],
  ['即食燕窝和鲜炖燕窝，差别在哪？', '燕窝', 'yanwo-instant-vs-fresh'],
  ['孕期吃燕窝，这5个问题要知道', '燕窝', 'yanwo-pregnancy'],
  ['益生菌什么时候吃效果最好？', '益生菌', 'probiotic-timing'],
  ['肠道不好，可能是菌群失衡了', '益生菌', 'gut-flora'],
  ['代餐能代替晚饭吗？营养师这样说', '代餐', 'meal-replacement-dinner'],
  ['21天轻断食打卡攻略', '代餐', 'fasting-21-days'],
  ['蛋白粉适合哪些人吃？', '蛋白粉', 'protein-who'],
  ['健身后30分钟，这样补蛋白', '蛋白粉', 'protein-after-workout'],
  ['胶原蛋白肽饮：28天打卡实测', '胶原蛋白', 'collagen-28-days'],
  ['25岁以后，胶原蛋白流失有多快？', '胶原蛋白', 'collagen-after-25'],
  ['酵素到底有没有用？一文讲清', '酵素', 'enzyme-explained'],
  ['秋冬滋补指南：不同体质怎么选', null, 'autumn-winter-guide'],
  ['会员专享：本月福利一览', null, 'member-benefits'],
]
export const ARTICLES: readonly ArticleDef[] = ARTICLE_ROWS.map(([title, category, slug]) => ({ title, category, url: `https://mp.weixin.qq.com/s/demo-${slug}` }))

export interface LinkDef { title: string, url: string }
/** Links in moments posts; clicking 代理政策 marks interest (seed 000). */
export const LINKS: readonly LinkDef[] = [
  { title: '代理政策', url: 'https://mall.example.com/pages/agent-policy' },
  { title: '双11预售攻略', url: 'https://mall.example.com/pages/double11' },
  { title: '会员积分规则', url: 'https://mall.example.com/pages/points-rules' },
  { title: '新品试用申请', url: 'https://mall.example.com/pages/trial' },
  { title: '燕窝溯源直播预约', url: 'https://mall.example.com/pages/live-booking' },
  { title: '老带新邀请有礼', url: 'https://mall.example.com/pages/referral' },
]

export const MINIPROGRAM_PAGES: readonly LinkDef[] = [
  { title: '首页', url: 'pages/index/index' },
  { title: '会员中心', url: 'pages/member/index' },
  { title: '积分商城', url: 'pages/points/mall' },
  { title: '我的优惠券', url: 'pages/coupon/list' },
  { title: '我的订单', url: 'pages/order/list' },
  { title: '签到有礼', url: 'pages/checkin/index' },
]

export const GROUP_NAMES: Record<PreferenceCategory, string> = {
  燕窝: '燕窝滋补交流1群',
  益生菌: '益生菌肠道健康群',
  代餐: '代餐轻断食打卡群',
  蛋白粉: '健身蛋白补给站',
  胶原蛋白: '美丽胶原养成群',
  酵素: '酵素轻体交流群',
}

export const GROUP_QUESTIONS: Record<PreferenceCategory, readonly string[]> = {
  燕窝: ['即食燕窝一天吃几瓶合适？', '孕妇可以吃燕窝吗？', '燕窝开封后要冷藏吗？', '鲜炖燕窝和即食燕窝哪个营养好？', '燕窝空腹吃还是饭后吃？'],
  益生菌: ['益生菌可以和牛奶一起吃吗？', '宝宝几个月可以吃益生菌？', '益生菌要吃多久才有效果？', '吃抗生素期间能吃益生菌吗？'],
  代餐: ['代餐奶昔一天喝几次？', '喝代餐会不会反弹？', '代餐奶昔可以用热水冲吗？', '糖尿病人能喝代餐吗？'],
  蛋白粉: ['蛋白粉用热水冲可以吗？', '老人吃蛋白粉要注意什么？', '乳清蛋白和大豆蛋白有什么区别？', '蛋白粉一天吃多少克？'],
  胶原蛋白: ['胶原蛋白肽饮晚上喝好还是早上喝？', '胶原蛋白要喝多久能看到效果？', '孕期可以喝胶原蛋白吗？'],
  酵素: ['酵素饮空腹喝吗？', '酵素果冻一天吃几条？', '酵素会不会拉肚子？'],
}

/** Customer → staff, about their preferred category. */
export const INBOUND_BY_CATEGORY: Record<PreferenceCategory, readonly string[]> = {
  燕窝: ['燕窝礼盒还有货吗？想送我妈', '上次买的即食燕窝快吃完了', '燕窝是哪里产的呀？', '鲜炖燕窝保质期多久？'],
  益生菌: ['益生菌吃了一周感觉肠胃舒服多了', '儿童益生菌怎么吃？', '益生菌还有活动吗？'],
  代餐: ['代餐奶昔抹茶味好喝吗？', '我在减脂期，晚上喝代餐可以吗', '代餐棒有没有低糖的？'],
  蛋白粉: ['给我爸买蛋白粉，选哪款好？', '乳清蛋白粉有小包装吗？', '健身后喝蛋白粉要喝多少？'],
  胶原蛋白: ['胶原蛋白肽饮喝完了，想再来一盒', '胶原蛋白粉怎么冲比较好？'],
  酵素: ['酵素饮喝着有点酸，正常吗？', '酵素果冻小孩能吃吗？'],
}

export const INBOUND_GENERIC = [
  '你好，在吗？', '快递到哪了？', '有没有优惠券呀', '这个可以开发票吗', '好的谢谢', '收到了，包装很好', '能便宜点吗',
  '双11有活动吗', '我妈妈适合吃哪款？', '积分怎么用？', '会员日是哪天？', '地址写错了，能改吗？', '嗯嗯，知道了',
  '下单了，麻烦尽快发货', '有试吃装吗？',
] as const

/** Said by customers who do not want marketing: staff must leave them out of marketing SOPs. */
export const INBOUND_NEGATIVE = ['别再给我发广告了', '不要再发了，很烦', '天天发消息，再发我就删了', '取消推送，谢谢', '不需要，别打扰我'] as const

export const REPLIES = [
  '您好，在的～有什么可以帮您？', '亲，已经帮您查了，快递今天会送到哦', '给您申请了一张专属券，已发到您的账户～',
  '可以开发票的，下单时备注抬头就行', '好的，已经帮您备注尽快发货', '这款很适合长辈，口感清淡，无蔗糖添加',
  '地址已经帮您改好啦', '会员日是每月18号，全场9折哦', '不客气，有问题随时找我～', '积分可以在小程序积分商城兑换礼品哦',
] as const

/** Staff → customer nudges and care messages (not replies). */
export const OUTBOUND = [
  '本周会员日全场9折，给您留了一张券，记得使用哦', '天气转凉，注意保暖，记得按时吃益生菌哦', '新品胶原蛋白肽饮上架啦，老客专享第二件半价',
  '燕窝建议早上空腹吃，吸收更好', '您的积分快过期了，可以去积分商城兑换小礼品', '双11预售开始了，燕窝礼盒付定金立减100',
  '群里今晚8点有营养师直播答疑，欢迎来听', '上次您问的问题，营养师整理了一篇文章，发您看看',
] as const

export const SHIPPING_NOTICE = '亲，您的订单已发货，注意查收哦～收到后有任何问题随时找我'

export function welcomeMessage(staffName: string, couponName: string): string {
  return `您好，我是您的专属管家${staffName}，送您一张「${couponName}」，有任何问题随时找我～`
}

/** Staff notes (staff_customers.description) for some customers. */
export const DESCRIPTIONS = [
  '给父母买，关注高钙', '孕期，咨询过燕窝食用方法', '健身教练，可发展为KOC', '公司福利采购，有团购需求',
  '对糖分敏感，推荐低糖款', '常在群里分享食用体验', '老客户介绍来的', '喜欢直播间下单',
] as const
