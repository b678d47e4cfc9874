/**
 * What goes with what in a health-food shop: bought one, likely to want the other. Read as
 * "customers of the key category are offered the listed ones", strongest first.
 */
export const COMPLEMENTS: Readonly<Record<string, readonly string[]>> = {
  燕窝: ['胶原蛋白', '礼盒'],
  胶原蛋白: ['燕窝', '酵素'],
  益生菌: ['酵素', '代餐'],
  代餐: ['蛋白粉', '酵素'],
  蛋白粉: ['代餐', '益生菌'],
  酵素: ['益生菌', '代餐'],
  礼盒: ['燕窝'],
}
