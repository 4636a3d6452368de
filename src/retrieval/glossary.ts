/**
 * A small English→Chinese glossary of machine-learning and everyday research vocabulary, used to translate
 * the words of an English question into the terms a Chinese digest uses, so that lexical search also works
 * across languages (dictionary-based query translation). Dense retrieval covers what the glossary lacks.
 */
const ENTRIES: Record<string, string> = {
  parameter: '参数', weight: '权重', token: '标记 token 令牌', train: '训练', training: '训练', trained: '训练',
  pretrain: '预训练', pretraining: '预训练', pretrained: '预训练', 'pre-training': '预训练', 'pre-trained': '预训练',
  data: '数据', dataset: '数据集', corpus: '语料', model: '模型', 'language model': '语言模型',
  'large language model': '大型语言模型', llm: 'LLM', 'base model': '基础模型', foundation: '基础',
  'fine-tune': '微调', finetune: '微调', 'fine-tuning': '微调', finetuning: '微调', 'fine-tuned': '微调', tuning: '调优 调整',
  instruction: '指令', 'instruction tuning': '指令调优', seed: '种子', task: '任务', response: '响应', prompt: '提示',
  memory: '内存 显存', vram: '显存', gpu: 'GPU', compute: '计算', computation: '计算', budget: '预算', hour: '小时',
  cost: '代价 成本', speed: '速度', faster: '更快', efficient: '高效', efficiency: '效率', inference: '推理',
  quantization: '量化', quantized: '量化', quantize: '量化', precision: '精度', 'low-rank': '低秩', rank: '秩', matrix: '矩阵',
  attention: '注意力', 'sliding window': '滑动窗口', window: '窗口', context: '上下文', 'grouped-query': '组查询',
  expert: '专家', mixture: '混合', 'mixture of experts': '混合专家', router: '路由器', feedforward: '前馈',
  reward: '奖励', preference: '偏好', human: '人类 人工', feedback: '反馈', 'reinforcement learning': '强化学习',
  policy: '策略', optimization: '优化', classification: '分类', objective: '目标',
  benchmark: '基准 基准测试', performance: '性能 表现', accuracy: '准确率', evaluate: '评估', evaluation: '评估',
  result: '结果', compare: '比较', comparison: '比较', outperform: '优于', beat: '胜过 优于', better: '更好 优于',
  release: '发布', released: '发布', open: '公开 开源', 'open source': '开源', public: '公开', proprietary: '专有',
  team: '团队', company: '公司', author: '作者', paper: '论文', link: '链接', magnet: '磁力', blog: '博客',
  finance: '金融', financial: '金融', domain: '领域', specific: '特定', general: '一般',
  scale: '规模', scaling: '缩放 扩展', 'scaling law': '缩放定律', size: '大小 规模', small: '小型', large: '大型',
  batch: '批次', 'batch size': '批次大小', epoch: '时期', duplicate: '重复', deduplication: '重复数据删除',
  memorization: '记忆', memorize: '记忆', frequency: '频率 词频', 'few-shot': '少样本', convergence: '收敛', order: '顺序',
  architecture: '架构', layer: '层', encoder: '编码器', decoder: '解码器', transformer: 'Transformer 转换器',
  'vision transformer': '视觉转换器 视觉 Transformer', convolutional: '卷积', convnet: '卷积', cnn: 'CNN 卷积神经网络',
  image: '图像', images: '图像', video: '视频', text: '文本', generation: '生成', generate: '生成', synthesis: '合成',
  'text-to-video': '文本转视频 文本到视频', 'text-to-image': '文本转图像 文本到图像', diffusion: '扩散',
  segmentation: '分割', segment: '分割', detection: '检测', object: '对象 物体', mask: '掩码', pixel: '像素',
  'bounding box': '边界框', box: '框', point: '点', sparse: '稀疏', dense: '密集', embedding: '嵌入',
  cited: '引用', citation: '引用', license: '许可', licensed: '许可', privacy: '隐私', copyright: '版权',
  synthetic: '合成', reasoning: '推理', reason: '推理 原因', imitation: '模仿', teach: '传授 教',
  step: '步骤 步', stage: '阶段', first: '第一', chat: '聊天', conversation: '对话', safety: '安全',
  quality: '质量', 'high-quality': '高质量', textbook: '教科书', web: '网络', filter: '过滤', filtered: '过滤',
  why: '为什么 原因', difference: '区别 不同', different: '不同', challenge: '挑战', trust: '可信度 信任',
  trustworthiness: '可信度', contamination: '污染', rumor: '据传', rumored: '据传',
  'forward pass': '前向传递', backward: '反向', active: '激活 使用', route: '路由', routing: '路由',
  big: '大', price: '价格 成本', dollar: '美元', million: '百万 数百万', billion: '亿',
  wish: '愿望', hope: '希望', year: '年', month: '月', week: '周', recommend: '推荐', reading: '阅读',
  simple: '简单', simplicity: '简单性', complex: '复杂', complexity: '复杂性', popular: '流行 受欢迎',
  influential: '影响力', impact: '影响', limitation: '局限 限制', criticism: '批评', drawback: '缺点 代价',
  downside: '缺点 代价', advantage: '优势 好处', benefit: '好处', similar: '相似 相当',
  predict: '预测', probability: '概率', foreground: '前景', background: '背景', resolution: '分辨率',
  repeat: '重复', repeated: '重复', microsoft: '微软', google: '谷歌', amazon: '亚马逊', family: '系列',
  researcher: '研究人员', learn: '学习', example: '示例 样本', component: '组件 组成部分', once: '一次',
  few: '少 稀缺', scarce: '稀缺', rare: '罕见 稀缺', imitate: '模仿', promise: '承诺', false: '虚假',
  medical: '医学', driving: '驾驶', autonomous: '自动', application: '应用', designer: '设计师', tool: '工具',
};

/** Multi-word entries are matched as phrases first; single words after simple suffix stripping. */
const PHRASES = Object.keys(ENTRIES)
  .filter((key) => /[ -]/u.test(key))
  .sort((a, b) => b.length - a.length)
  .map((key) => ({ key, pattern: new RegExp(`(?<![a-z])${key.replace(/[- ]/gu, '[- ]?')}(?:s|es)?(?![a-z])`, 'gu') }));

/** The dictionary forms an inflected English word may have: "companies" → "company", "trained" → "train". */
function lemmas(word: string): string[] {
  const forms = [word];
  if (word.endsWith('ies')) forms.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('es')) forms.push(word.slice(0, -2));
  if (word.endsWith('s')) forms.push(word.slice(0, -1));
  if (word.endsWith('ed')) forms.push(word.slice(0, -2), word.slice(0, -1));
  if (word.endsWith('ing')) forms.push(word.slice(0, -3), `${word.slice(0, -3)}e`);
  return forms;
}

/** Chinese renderings of the glossary terms found in an English question (phrases before single words). */
export function translateTerms(question: string): string[] {
  let text = question.toLowerCase();
  const terms: string[] = [];
  for (const { key, pattern } of PHRASES) {
    if (pattern.test(text)) {
      terms.push(...ENTRIES[key]!.split(' '));
      text = text.replace(pattern, ' ');
    }
  }
  for (const [word] of text.matchAll(/[a-z][a-z-]*/gu)) {
    // "textbook-quality" is looked up whole first, then by its parts
    for (const part of [word, ...(word.includes('-') ? word.split('-') : [])]) {
      const entry = lemmas(part).map((form) => ENTRIES[form]).find(Boolean);
      if (entry) terms.push(...entry.split(' '));
    }
  }
  // "65-billion-parameter" is written "65B" in the digest, "70 million" "70M"
  for (const [, amount, unit] of question.toLowerCase().matchAll(/(\d+(?:\.\d+)?)[\s-]*(billion|million)/gu)) {
    terms.push(`${amount}${unit === 'billion' ? 'b' : 'm'}`);
  }
  return [...new Set(terms)];
}

/** The English words the glossary knows: ordinary vocabulary, not names. */
export function translatedWords(): string[] {
  return Object.keys(ENTRIES).flatMap((key) => key.split(/[ -]/u));
}
